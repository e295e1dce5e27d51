using FinAegis.Grains.Abstractions.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinAegis.Grains.Identity;

public enum AdminBootstrapOutcome { Skipped, Created, Promoted, PasswordReset, Unchanged }

/// <summary>
/// Makes sure the administrator named by FINAEGIS_ADMIN_EMAIL / FINAEGIS_ADMIN_PASSWORD exists, is admin, and
/// logs in with that password. Idempotent, and safe when several silos start at once: the unique email key
/// decides which insert wins, and the losers find the winner's row.
/// </summary>
public sealed class AdminBootstrapper(IdentityStore store, PasswordHasher passwords, IOptions<IdentityOptions> options,
    ILogger<AdminBootstrapper> logger)
{
    public const string EmailVariable = "FINAEGIS_ADMIN_EMAIL";
    public const string PasswordVariable = "FINAEGIS_ADMIN_PASSWORD";

    /// <summary>Reads the two environment variables and calls <see cref="EnsureAdminAsync"/>.</summary>
    public Task<AdminBootstrapOutcome> EnsureAdminFromEnvironmentAsync(CancellationToken cancellationToken = default) =>
        EnsureAdminAsync(Environment.GetEnvironmentVariable(EmailVariable), Environment.GetEnvironmentVariable(PasswordVariable),
            cancellationToken);

    /// <summary>
    /// Does nothing unless both are set. A bad email or password fails start-up: an operator who asked for an
    /// administrator should not find out at first login that there is none.
    /// </summary>
    public async Task<AdminBootstrapOutcome> EnsureAdminAsync(string? email, string? password,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            logger.LogInformation("No administrator configured ({Email} and {Password} not both set)", EmailVariable, PasswordVariable);
            return AdminBootstrapOutcome.Skipped;
        }
        if ((IdentityRules.CheckEmail(email) ?? IdentityRules.CheckNewPassword(password)) is { } problem)
        {
            throw new InvalidOperationException($"{EmailVariable}/{PasswordVariable}: {problem}");
        }
        var normalized = IdentityRules.NormalizeEmail(email);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = options.Value.Clock.GetUtcNow().UtcDateTime;
            var existing = await store.FindUserByEmailAsync(normalized);
            if (existing is null)
            {
                var created = await store.InsertUserAsync(Guid.NewGuid(), "Administrator", normalized,
                    await passwords.HashAsync(password), isAdmin: true, now);
                if (created is null)
                {
                    continue; // another silo inserted it between our read and write: read again
                }
                logger.LogInformation("Created administrator {Email}", normalized);
                return AdminBootstrapOutcome.Created;
            }
            var outcome = AdminBootstrapOutcome.Unchanged;
            if (!existing.IsAdmin)
            {
                await store.UpdateUserAdminAsync(existing.Id, isAdmin: true, now);
                outcome = AdminBootstrapOutcome.Promoted;
            }
            // The configured password wins, so someone who registered the admin's email first cannot keep access.
            if (!await passwords.VerifyAsync(password, existing.PasswordHash))
            {
                await store.UpdateUserPasswordAsync(existing.Id, await passwords.HashAsync(password), now);
                outcome = outcome == AdminBootstrapOutcome.Unchanged ? AdminBootstrapOutcome.PasswordReset : outcome;
            }
            logger.LogInformation("Administrator {Email}: {Outcome}", normalized, outcome);
            return outcome;
        }
        throw new InvalidOperationException($"Could not create or find the administrator {normalized}.");
    }
}
