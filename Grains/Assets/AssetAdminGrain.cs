using FinAegis.Grains.Abstractions.Assets;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Storage;
using MySqlConnector;

namespace FinAegis.Grains.Assets;

/// <summary>
/// Creates and (de)activates assets in the `assets` table. Not journaled: the catalogue is reference data the silos
/// reload every few seconds; this grain refreshes its own silo's copy right after writing.
/// </summary>
public sealed class AssetAdminGrain(DatabaseSettings database, AssetCatalog catalog) : Grain, IAssetAdminGrain
{
    private const int DuplicateKey = 1062;

    public async Task<AssetResult> Create(CreateAsset command)
    {
        if (!command.Caller.IsAdmin)
        {
            return AssetResult.Fail(DomainError.Of(ErrorCodes.Forbidden, "Only administrators create assets."));
        }
        if (!AssetRules.IsValidCode(command.Code) || !AssetRules.Types.Contains(command.Type)
            || command.Precision is < 0 or > AssetRules.MaxPrecision || string.IsNullOrWhiteSpace(command.Name) || command.Name.Length > 100)
        {
            return AssetResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed, "The asset is not valid."));
        }
        await using var connection = await database.OpenConnectionAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO assets (code, name, type, `precision`, is_active, metadata, created_at, updated_at)
            VALUES (@code, @name, @type, @precision, 1, @metadata, UTC_TIMESTAMP(), UTC_TIMESTAMP())
            """;
        insert.Parameters.AddWithValue("@code", command.Code);
        insert.Parameters.AddWithValue("@name", command.Name);
        insert.Parameters.AddWithValue("@type", command.Type);
        insert.Parameters.AddWithValue("@precision", command.Precision);
        insert.Parameters.AddWithValue("@metadata", command.MetadataJson);
        try
        {
            await insert.ExecuteNonQueryAsync();
        }
        catch (MySqlException exception) when (exception.Number == DuplicateKey)
        {
            return AssetResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed, $"The asset {command.Code} already exists."));
        }
        await catalog.RefreshAsync();
        return AssetResult.Ok(new AssetInfo(command.Code, command.Name, command.Type, command.Precision, true, command.MetadataJson));
    }

    public async Task<AssetResult> SetActive(Caller caller, string code, bool isActive)
    {
        if (!caller.IsAdmin)
        {
            return AssetResult.Fail(DomainError.Of(ErrorCodes.Forbidden, "Only administrators change assets."));
        }
        await using (var connection = await database.OpenConnectionAsync())
        await using (var update = connection.CreateCommand())
        {
            update.CommandText = "UPDATE assets SET is_active = @active, updated_at = UTC_TIMESTAMP() WHERE code = @code";
            update.Parameters.AddWithValue("@active", isActive);
            update.Parameters.AddWithValue("@code", code);
            await update.ExecuteNonQueryAsync();
        }
        await catalog.RefreshAsync();
        return catalog.TryGet(code, out var asset)
            ? AssetResult.Ok(asset)
            : AssetResult.Fail(DomainError.Of(ErrorCodes.AssetNotFound, $"There is no asset with the code '{code}'."));
    }
}
