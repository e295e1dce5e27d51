using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Assets;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Grains.Abstractions.Idempotency;
using FinAegis.Grains.Abstractions.Rates;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Operations;

/// <summary>
/// <c>Grain&lt;T&gt;(key)</c> builds references from types it looked up once per interface: it must give exactly what
/// Orleans' <c>GetGrain&lt;T&gt;(key)</c> gives, for every kind of key, and interfaces sharing a key kind must not share
/// (or overwrite) each other's types.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public void References_equal_those_of_GetGrain_for_guid_integer_and_string_keys()
    {
        var grains = fixture.Client;
        var uuid = Guid.NewGuid();
        // Two interfaces with guid keys, alternately, so that a cache shared between them would show.
        for (var round = 0; round < 2; round++)
        {
            AssertSame(grains.GetGrain<IAccountGrain>(uuid), grains.Grain<IAccountGrain>(uuid));
            AssertSame(grains.GetGrain<IPollGrain>(uuid), grains.Grain<IPollGrain>(uuid));
            AssertSame(grains.GetGrain<IIdempotencyGrain>(uuid), grains.Grain<IIdempotencyGrain>(uuid));
            AssertSame(grains.GetGrain<IAssetCatalogGrain>(0), grains.Grain<IAssetCatalogGrain>(0));
            AssertSame(grains.GetGrain<IExchangeRateResolverGrain>(long.MaxValue), grains.Grain<IExchangeRateResolverGrain>(long.MaxValue));
            AssertSame(grains.GetGrain<IExchangeRateGrain>("EUR/USD"), grains.Grain<IExchangeRateGrain>("EUR/USD"));
        }
        Assert.NotEqual(((GrainReference)grains.Grain<IAccountGrain>(uuid)).GrainId, ((GrainReference)grains.Grain<IPollGrain>(uuid)).GrainId);
    }

    [Fact]
    public async Task A_reference_built_from_the_cached_types_reaches_its_grain()
    {
        var assets = await fixture.Client.Grain<IAssetCatalogGrain>(0).GetAll();
        Assert.Contains(assets, asset => asset.Code == "USD");

        var nobody = await fixture.Client.Grain<IAccountGrain>(Guid.NewGuid()).Get(new Caller(Guid.NewGuid(), IsAdmin: false));
        Assert.Equal(ErrorCodes.AccountNotFound, nobody.Error?.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_string_key_is_refused_as_GetGrain_refuses_it(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => fixture.Client.GetGrain<IExchangeRateGrain>(key));
        Assert.ThrowsAny<ArgumentException>(() => fixture.Client.Grain<IExchangeRateGrain>(key));
    }

    private static void AssertSame<T>(T expected, T actual) where T : IAddressable
    {
        var orleans = (GrainReference)(object)expected;
        var cached = (GrainReference)(object)actual;
        Assert.Equal(orleans.GrainId, cached.GrainId);
        Assert.Equal(orleans.InterfaceType, cached.InterfaceType);
        Assert.Equal(orleans.GetType(), cached.GetType());
        Assert.Equal(orleans, cached);
    }
}
