using System.ComponentModel.DataAnnotations;
using System.Net;
using FinAegis.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace FinAegis.Tests.Operations;

/// <summary>The silo's ports (silo, gateway, management) listen where it is told, by default on its advertised address only.</summary>
public sealed class SiloListenAddressTests
{
    [Theory]
    [InlineData(null, null, "127.0.0.1")]
    [InlineData("10.1.2.3", null, "10.1.2.3")]
    [InlineData("10.1.2.3", "0.0.0.0", "0.0.0.0")]
    [InlineData(null, "::1", "::1")]
    public void The_ports_listen_on_the_bind_address_or_else_the_advertised_one(string? advertised, string? bind, string expected)
    {
        var settings = SiloSettings.From(Configuration(advertised, bind));

        Assert.Equal(IPAddress.Parse(expected), settings.ListenAddress);
    }

    [Theory]
    [InlineData(null, "everywhere", "FINAEGIS_SILO_BIND")]
    [InlineData("silo-1", null, "FINAEGIS_ADVERTISED_IP")]
    public void An_address_that_is_not_an_ip_is_refused_at_start(string? advertised, string? bind, string variable)
    {
        var refused = Assert.Throws<ValidationException>(() => SiloSettings.From(Configuration(advertised, bind)));

        Assert.Contains(variable, refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? advertised, string? bind)
    {
        var values = new Dictionary<string, string?> { ["FINAEGIS_MYSQL"] = "Server=localhost" };
        if (advertised is not null)
        {
            values["FINAEGIS_ADVERTISED_IP"] = advertised;
        }
        if (bind is not null)
        {
            values["FINAEGIS_SILO_BIND"] = bind;
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
