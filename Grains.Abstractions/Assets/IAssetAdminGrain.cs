namespace FinAegis.Grains.Abstractions.Assets;

/// <summary>
/// Writes the asset catalogue (admin). One activation (key 0) serialises the writes; it refreshes its silo's
/// in-memory catalogue at once, and every other silo picks the change up within its 5 s refresh.
/// </summary>
[Alias("IAssetAdminGrain")]
public interface IAssetAdminGrain : IGrainWithIntegerKey
{
    [Alias("Create")]
    Task<AssetResult> Create(CreateAsset command);

    [Alias("SetActive")]
    Task<AssetResult> SetActive(Common.Caller caller, string code, bool isActive);
}
