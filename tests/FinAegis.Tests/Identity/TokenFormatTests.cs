using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Tests.Identity;

public sealed class TokenFormatTests
{
    [Fact]
    public void A_minted_token_round_trips()
    {
        var secret = TokenFormat.NewSecret();

        Assert.True(TokenFormat.TryParse(TokenFormat.Format(42, secret), out var id, out var parsed));
        Assert.Equal(42, id);
        Assert.Equal(secret, parsed);
        Assert.Equal(40, secret.Length);
        Assert.NotEqual(secret, TokenFormat.NewSecret());
    }

    [Fact]
    public void The_hash_is_lower_case_hex_sha256_of_the_secret_alone() =>
        // sha256("abc"), as PHP's hash('sha256', 'abc') gives it.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenFormat.HashSecret("abc"));

    [Theory]
    [InlineData("")]
    [InlineData("|")]
    [InlineData("12")]
    [InlineData("|abcdefghijabcdefghijabcdefghijabcdefghij")]
    [InlineData("0|abcdefghijabcdefghijabcdefghijabcdefghij")]
    [InlineData("-1|abcdefghijabcdefghijabcdefghijabcdefghij")]
    [InlineData("+1|abcdefghijabcdefghijabcdefghijabcdefghij")]
    [InlineData("1|abcdefghijabcdefghijabcdefghijabcdefghi")]
    [InlineData("1|abcdefghijabcdefghijabcdefghijabcdefghijk")]
    [InlineData("1|abcdefghijabcdefghijabcdefghijabcdefgh!")]
    [InlineData("1|abcdefghijabcdefghijabcdefghijabcdefgh|")]
    [InlineData("99999999999999999999|abcdefghijabcdefghijabcdefghijabcdefghij")]
    [InlineData("١|abcdefghijabcdefghijabcdefghijabcdefghij")]
    public void Anything_else_is_not_a_token(string token) =>
        Assert.False(TokenFormat.TryParse(token, out _, out _));
}
