using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Tests.Identity;

/// <summary>The identity grain against a real MariaDB, through a real (in-process) silo and client.</summary>
public sealed class IdentityGrainTests(IdentityClusterFixture fx) : IClassFixture<IdentityClusterFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Register_creates_a_user_with_a_login_token()
    {
        var email = IdentityClusterFixture.NewEmail();
        var result = await fx.Identity.Register("Ada", email.ToUpperInvariant(), Password);

        Assert.Null(result.Error);
        Assert.Equal(email, result.User!.Email); // stored lower-cased
        Assert.Equal(["*"], result.Token!.Abilities);
        Assert.False(result.User.IsAdmin);
        Assert.StartsWith($"{result.Token.Id}|", result.Token.PlainText);
        var lifetime = result.Token.ExpiresAt - fx.Clock.GetUtcNow();
        Assert.InRange(lifetime, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task A_duplicate_email_in_any_case_is_a_validation_failure_on_email()
    {
        var email = IdentityClusterFixture.NewEmail();
        Assert.Null((await fx.Identity.Register("A", email, Password)).Error);

        var again = await fx.Identity.Register("B", "  " + email.ToUpperInvariant(), Password);

        Assert.Equal(ErrorCodes.ValidationFailed, again.Error?.Code);
        Assert.Equal("email", again.Error!.Details![IdentityErrorDetails.Field]);
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE email = @e", ("@e", email)));
    }

    [Fact]
    public async Task The_grain_refuses_invalid_input_itself()
    {
        var shortPassword = await fx.Identity.Register("A", IdentityClusterFixture.NewEmail(), "short");
        var longPassword = await fx.Identity.Register("A", IdentityClusterFixture.NewEmail(), new string('é', 40)); // 80 bytes
        var badEmail = await fx.Identity.Register("A", "not-an-email", Password);

        Assert.Equal("password", shortPassword.Error!.Details![IdentityErrorDetails.Field]);
        Assert.Equal("password", longPassword.Error!.Details![IdentityErrorDetails.Field]);
        Assert.Equal("email", badEmail.Error!.Details![IdentityErrorDetails.Field]);
    }

    [Fact]
    public async Task Login_with_the_right_password_issues_a_token_and_a_wrong_one_is_refused()
    {
        var email = IdentityClusterFixture.NewEmail();
        await fx.Identity.Register("Ada", email, Password);

        var ok = await fx.Identity.Login(email.ToUpperInvariant(), Password, "laptop");
        var wrong = await fx.Identity.Login(email, Password + "x", null);
        var unknown = await fx.Identity.Login(IdentityClusterFixture.NewEmail(), Password, null);

        Assert.Null(ok.Error);
        Assert.Equal(email, ok.User!.Email);
        Assert.Equal("laptop", await fx.Database.ScalarAsync<string>("SELECT name FROM personal_access_tokens WHERE id = @id", ("@id", ok.Token!.Id)));
        Assert.Equal(ErrorCodes.InvalidCredentials, wrong.Error?.Code);
        Assert.Equal(ErrorCodes.InvalidCredentials, unknown.Error?.Code);
    }

    [Fact]
    public async Task Only_the_sha256_of_the_secret_is_stored()
    {
        var result = await fx.Identity.Register("Ada", IdentityClusterFixture.NewEmail(), Password);
        Assert.True(TokenFormat.TryParse(result.Token!.PlainText, out var id, out var secret));

        var stored = await fx.Database.ScalarAsync<string>("SELECT token FROM personal_access_tokens WHERE id = @id", ("@id", id));
        var row = await fx.Database.ScalarAsync<string>(
            "SELECT CONCAT_WS('|', tokenable_type, name, token, abilities, IFNULL(expires_at, '')) FROM personal_access_tokens WHERE id = @id", ("@id", id));

        Assert.Equal(TokenFormat.HashSecret(secret), stored);
        Assert.Equal(64, stored!.Length);
        Assert.DoesNotContain(secret, row!);
        Assert.StartsWith(@"App\Models\User|", row);
        Assert.Contains("[\"*\"]", row);
    }

    [Fact]
    public async Task Resolve_returns_the_principal_only_for_the_right_secret()
    {
        var email = IdentityClusterFixture.NewEmail();
        var result = await fx.Identity.Register("Ada", email, Password);
        TokenFormat.TryParse(result.Token!.PlainText, out var id, out var secret);

        var principal = await fx.Identity.ResolveToken(id, TokenFormat.HashSecret(secret));
        var wrongSecret = await fx.Identity.ResolveToken(id, TokenFormat.HashSecret(TokenFormat.NewSecret()));
        var garbage = await fx.Identity.ResolveToken(id, "not-hex");

        Assert.NotNull(principal);
        Assert.Equal(result.User!.Uuid, principal.UserUuid);
        Assert.Equal(email, principal.Email);
        Assert.Equal("Ada", principal.Name);
        Assert.Equal(["*"], principal.Abilities);
        Assert.Equal(result.Token.ExpiresAt, principal.ExpiresAt);
        Assert.Null(wrongSecret);
        Assert.Null(garbage);
    }

    [Fact]
    public async Task A_revoked_token_no_longer_resolves_keeps_its_row_and_is_reported_to_pollers()
    {
        var start = await fx.Identity.GetRevokedTokenIds(null);
        Assert.Empty(start.TokenIds);
        var result = await fx.Identity.Register("Ada", IdentityClusterFixture.NewEmail(), Password);
        TokenFormat.TryParse(result.Token!.PlainText, out var id, out var secret);

        await fx.Identity.Logout(id);

        Assert.Null(await fx.Identity.ResolveToken(id, TokenFormat.HashSecret(secret)));
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM personal_access_tokens WHERE id = @id AND revoked_at IS NOT NULL", ("@id", id)));
        var polled = await fx.Identity.GetRevokedTokenIds(start.Watermark);
        Assert.Contains(id, polled.TokenIds);
        Assert.True(polled.Watermark >= start.Watermark);
    }

    [Fact]
    public async Task An_expired_token_does_not_resolve_and_is_not_listed()
    {
        var result = await fx.Identity.Register("Ada", IdentityClusterFixture.NewEmail(), Password);
        TokenFormat.TryParse(result.Token!.PlainText, out var id, out var secret);
        await fx.Database.ExecuteAsync("UPDATE personal_access_tokens SET expires_at = @past WHERE id = @id",
            ("@past", fx.Clock.GetUtcNow().UtcDateTime.AddSeconds(-1)), ("@id", id));

        Assert.Null(await fx.Identity.ResolveToken(id, TokenFormat.HashSecret(secret)));
        Assert.DoesNotContain((await fx.Identity.ListTokens(result.User!.Uuid, 100, null)).Tokens, t => t.Id == id);
    }

    [Fact]
    public async Task A_created_token_must_stay_within_the_creating_tokens_abilities()
    {
        var user = (await fx.Identity.Register("Ada", IdentityClusterFixture.NewEmail(), Password)).User!;

        var narrow = await fx.Identity.CreateToken(user.Uuid, "ci", ["accounts:read", "accounts:read"], 30, ["*"]);
        var wider = await fx.Identity.CreateToken(user.Uuid, "ci", ["accounts:write"], null, ["accounts:read"]);
        var star = await fx.Identity.CreateToken(user.Uuid, "ci", ["*"], null, ["accounts:read", "accounts:write"]);
        var admin = await fx.Identity.CreateToken(user.Uuid, "ci", ["admin"], null, ["*", "admin"]);
        var unknown = await fx.Identity.CreateToken(user.Uuid, "ci", ["root"], null, ["*"]);
        var tooLong = await fx.Identity.CreateToken(user.Uuid, "ci", ["*"], 3651, ["*"]);

        Assert.Null(narrow.Error);
        Assert.Equal(["accounts:read"], narrow.Token!.Abilities);
        Assert.InRange(narrow.Token.ExpiresAt - fx.Clock.GetUtcNow(), TimeSpan.FromDays(29.99), TimeSpan.FromDays(30));
        Assert.Equal(ErrorCodes.Forbidden, wider.Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, star.Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, admin.Error?.Code); // a non-admin user cannot mint admin, whatever the token says
        Assert.Equal("abilities", unknown.Error!.Details![IdentityErrorDetails.Field]);
        Assert.Equal("expires_in_days", tooLong.Error!.Details![IdentityErrorDetails.Field]);
    }

    [Fact]
    public async Task Tokens_are_listed_newest_first_in_pages_and_only_the_owner_revokes_them()
    {
        var owner = (await fx.Identity.Register("Ada", IdentityClusterFixture.NewEmail(), Password)).User!;
        var other = (await fx.Identity.Register("Bob", IdentityClusterFixture.NewEmail(), Password)).User!;
        var created = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await fx.Identity.CreateToken(owner.Uuid, $"t{i}", ["accounts:read"], null, ["*"])).Token!.Id);
        }

        var first = await fx.Identity.ListTokens(owner.Uuid, 2, null);
        var second = await fx.Identity.ListTokens(owner.Uuid, 2, first.NextAfterId);
        var byOther = await fx.Identity.RevokeToken(other.Uuid, created[0]);
        var byOwner = await fx.Identity.RevokeToken(owner.Uuid, created[0]);
        var again = await fx.Identity.RevokeToken(owner.Uuid, created[0]);

        Assert.Equal([created[2], created[1]], first.Tokens.Select(t => t.Id));
        Assert.NotNull(first.NextAfterId);
        Assert.Equal(created[0], second.Tokens[0].Id); // then the register token
        Assert.Equal(2, second.Tokens.Count);
        Assert.Null(second.NextAfterId);
        Assert.Equal(ErrorCodes.NotFound, byOther.Error?.Code);
        Assert.Null(byOwner.Error);
        Assert.Equal(ErrorCodes.NotFound, again.Error?.Code);
    }

    [Fact]
    public async Task Logout_all_revokes_every_token_of_the_user_and_returns_their_ids()
    {
        var email = IdentityClusterFixture.NewEmail();
        var registered = await fx.Identity.Register("Ada", email, Password);
        var login = await fx.Identity.Login(email, Password, null);
        var bystander = await fx.Identity.Register("Bob", IdentityClusterFixture.NewEmail(), Password);

        var revoked = await fx.Identity.LogoutAll(registered.User!.Uuid);

        Assert.Equal(new[] { registered.Token!.Id, login.Token!.Id }.Order(), revoked.Order());
        Assert.Empty((await fx.Identity.ListTokens(registered.User.Uuid, 100, null)).Tokens);
        Assert.Single((await fx.Identity.ListTokens(bystander.User!.Uuid, 100, null)).Tokens);
    }

    [Fact]
    public async Task The_sixth_attempt_after_five_failures_within_a_minute_is_rate_limited_until_the_window_passes()
    {
        var email = IdentityClusterFixture.NewEmail();
        await fx.Identity.Register("Ada", email, Password);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ErrorCodes.InvalidCredentials, (await fx.Identity.Login(email, "wrong-password", null)).Error?.Code);
        }

        var limited = await fx.Identity.Login(email.ToUpperInvariant(), Password, null); // even the right password
        fx.Clock.Advance(TimeSpan.FromSeconds(61));
        var after = await fx.Identity.Login(email, Password, null);

        Assert.Equal(ErrorCodes.RateLimited, limited.Error?.Code);
        Assert.InRange(int.Parse(limited.Error!.Details![IdentityErrorDetails.RetryAfter]), 1, 60);
        Assert.Null(after.Error);
        Assert.NotNull(after.Token);
    }

    [Fact]
    public async Task Get_user_answers_the_user_or_not_found()
    {
        var user = (await fx.Identity.Register("Ada", IdentityClusterFixture.NewEmail(), Password)).User!;

        Assert.Equal(user, (await fx.Identity.GetUser(user.Uuid)).User);
        Assert.Equal(ErrorCodes.NotFound, (await fx.Identity.GetUser(Guid.NewGuid())).Error?.Code);
    }
}
