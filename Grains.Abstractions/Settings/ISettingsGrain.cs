using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Settings;

/// <summary>
/// Platform settings (SPEC §10). Lists mask encrypted values; Get decrypts them for administrators only; Put is for
/// administrators. Stateless: the `settings` table is the truth.
/// </summary>
[Alias("ISettingsGrain")]
public interface ISettingsGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<Page<SettingView>> List(Caller caller, int limit, string? cursor);

    [Alias("Get")]
    Task<SettingResult> Get(Caller caller, string key);

    [Alias("Put")]
    Task<SettingResult> Put(PutSetting command);
}
