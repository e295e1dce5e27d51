using FinAegis.Grains.Abstractions.Identity;
using Microsoft.Extensions.Options;

namespace FinAegis.Grains.Identity;

/// <summary>
/// Failed logins of one email. State is in memory on purpose: a lost count after a silo crash only gives an
/// attacker one more minute's worth of attempts, and persisting every failure would hand them a write amplifier.
/// </summary>
public sealed class LoginThrottleGrain(IOptions<IdentityOptions> options) : Grain, ILoginThrottleGrain
{
    private readonly FailureWindow _window = new(options.Value.MaxFailedLogins, options.Value.LoginThrottleWindow);

    public Task<ThrottleDecision> Check() => Task.FromResult(_window.Check(options.Value.Clock.GetUtcNow()));

    public Task RecordFailure()
    {
        _window.Record(options.Value.Clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task Reset()
    {
        _window.Clear();
        return Task.CompletedTask;
    }
}
