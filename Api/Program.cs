using System.Text.Json;
using FinAegis.Api.Accounts;
using FinAegis.Api.Assets;
using FinAegis.Api.Governance;
using FinAegis.Api.Hosting;
using FinAegis.Api.Http;
using FinAegis.Api.Idempotency;
using FinAegis.Api.Transfers;
using FinAegis.Api.Identity;
using FinAegis.Api.Rates;
using FinAegis.Api.Settings;
using FinAegis.Api.Webhooks;
using Scalar.AspNetCore;

// The HTTP front end: authenticates, validates, and forwards to grains through an Orleans client that finds the
// cluster's gateways in the MySQL membership table.
// Content root = the binaries' folder, so appsettings.json (log levels, defaults) loads from wherever it is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var settings = ApiSettings.From(builder.Configuration);

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
    kestrel.Listen(System.Net.IPAddress.Parse(settings.BindAddress), settings.Port);
});
builder.UseFinAegisOrleansClient(settings);
builder.AddApiObservability(settings.LogFormat);

builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    json.SerializerOptions.DictionaryKeyPolicy = null;
    // {"amount":"1","amount":"1000"} is ambiguous: refuse it (400 INVALID_JSON) rather than silently take the last.
    json.SerializerOptions.AllowDuplicateProperties = false;
    json.SerializerOptions.Converters.Add(new StorableJsonElementConverter());
});
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ExceptionProblemHandler>();
builder.Services.AddOpenApi();
builder.Services.AddFinAegisAuth();
builder.Services.AddAuthorization();
builder.Services.AddSingleton<AssetDirectory>();
builder.Services.AddSingleton<IdempotentExecutor>();
builder.Services.AddApiHealthChecks();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapApiHealth();
app.MapApiMetrics();
app.MapAdminDashboard();
app.MapAuth();
app.MapAccounts();
app.MapTransfers();
app.MapAssets();
app.MapExchangeRates();
app.MapExchange();
app.MapPolls();
app.MapWebhooks();
app.MapSettings();

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
