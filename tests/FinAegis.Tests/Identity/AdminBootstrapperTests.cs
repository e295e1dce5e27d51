using FinAegis.Grains.Identity;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FinAegis.Tests.Identity;

public sealed class AdminBootstrapperTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Password = "admin-password-1";

    private AdminBootstrapper NewBootstrapper()
    {
        var options = Options.Create(new IdentityOptions { ConnectionString = db.ConnectionString, BcryptWorkFactor = 4 });
        return new AdminBootstrapper(new IdentityStore(options), new PasswordHasher(options), options,
            NullLogger<AdminBootstrapper>.Instance);
    }

    [Fact]
    public async Task Creates_the_admin_once_even_when_several_silos_start_together()
    {
        var email = IdentityClusterFixture.NewEmail("admin");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => NewBootstrapper().EnsureAdminAsync(email.ToUpperInvariant(), Password)));
        var rerun = await NewBootstrapper().EnsureAdminAsync(email, Password);

        Assert.Single(outcomes, o => o == AdminBootstrapOutcome.Created);
        Assert.Equal(AdminBootstrapOutcome.Unchanged, rerun);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE email = @e AND is_admin = 1", ("@e", email)));
        var hash = await db.ScalarAsync<string>("SELECT password FROM users WHERE email = @e", ("@e", email));
        Assert.True(BCrypt.Net.BCrypt.Verify(Password, hash));
        Assert.StartsWith("$2y$", hash);
    }

    [Fact]
    public async Task Promotes_an_existing_user_and_makes_the_configured_password_the_one_that_works()
    {
        var email = IdentityClusterFixture.NewEmail("squatter");
        await db.ExecuteAsync("INSERT INTO users (uuid, name, email, password, is_admin) VALUES (UUID(), 'Early bird', @e, @p, 0)",
            ("@e", email), ("@p", BCrypt.Net.BCrypt.HashPassword("someone-elses", 4)));

        var outcome = await NewBootstrapper().EnsureAdminAsync(email, Password);

        Assert.Equal(AdminBootstrapOutcome.Promoted, outcome);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT is_admin FROM users WHERE email = @e", ("@e", email)));
        Assert.True(BCrypt.Net.BCrypt.Verify(Password, await db.ScalarAsync<string>("SELECT password FROM users WHERE email = @e", ("@e", email))));
    }

    [Theory]
    [InlineData(null, Password)]
    [InlineData("admin@example.com", null)]
    [InlineData("", "")]
    public async Task Does_nothing_unless_both_are_set(string? email, string? password)
    {
        var before = await db.ScalarAsync<long>("SELECT COUNT(*) FROM users");

        Assert.Equal(AdminBootstrapOutcome.Skipped, await NewBootstrapper().EnsureAdminAsync(email, password));
        Assert.Equal(before, await db.ScalarAsync<long>("SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task A_password_too_short_fails_start_up_loudly() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => NewBootstrapper().EnsureAdminAsync("admin@example.com", "short"));
}
