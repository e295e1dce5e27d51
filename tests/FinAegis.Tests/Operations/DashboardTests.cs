using System.Net;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Operations;

/// <summary>The Orleans dashboard on the API answers administrators only.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DashboardTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Only_an_administrator_reaches_the_dashboard()
    {
        var anonymous = fixture.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);

        var (user, _) = await ApiSession.RegisterAsync(fixture);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/dashboard/")).StatusCode);

        var admin = await ApiSession.AdminAsync(fixture);
        var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
