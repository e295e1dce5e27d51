using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Tests.Identity;

public sealed class BearerTokenTests
{
    private const string Secret = "abcdefghijABCDEFGHIJ0123456789abcdefghij";

    [Theory]
    [InlineData("Bearer 7|" + Secret)]
    [InlineData("bearer 7|" + Secret)]
    [InlineData("Bearer   7|" + Secret + "  ")]
    public void Reads_the_id_and_hashes_the_secret(string header)
    {
        Assert.True(BearerToken.TryRead(header, out var id, out var hash));
        Assert.Equal(7, id);
        Assert.Equal(TokenFormat.HashSecret(Secret), hash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer" + "7|" + Secret)]
    [InlineData("Token 7|" + Secret)]
    [InlineData("Bearer 7:" + Secret)]
    [InlineData("Bearer " + Secret)]
    public void Refuses_anything_else(string? header) => Assert.False(BearerToken.TryRead(header, out _, out _));
}
