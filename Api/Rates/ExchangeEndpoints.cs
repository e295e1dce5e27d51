using System.Globalization;
using System.Security.Claims;
using FinAegis.Api.Accounts;
using FinAegis.Api.Assets;
using FinAegis.Api.Http;
using FinAegis.Api.Idempotency;
using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;
using FinAegis.Grains.Abstractions.Money;

namespace FinAegis.Api.Rates;

/// <summary>SPEC §7 `POST /api/exchange/convert`: an in-account currency exchange under Idempotency-Key rules.</summary>
public static class ExchangeEndpoints
{
    public static IEndpointRouteBuilder MapExchange(this IEndpointRouteBuilder endpoints)
    {
        var exchange = endpoints.MapGroup("/api/exchange").WithTags("Exchange").RequireAuthorization();
        exchange.MapPost("/convert", Convert).RequireAbility(Abilities.AccountsWrite);
        return endpoints;
    }

    private static async Task<IResult> Convert(ConvertRequest? body, HttpContext http, ClaimsPrincipal user, IClusterClient client,
        AssetDirectory assets, IdempotentExecutor executor)
    {
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        if (AmountInput.IsWrongJsonType(body.Amount))
        {
            return Problems.InvalidJson("The amount must be a JSON number or string.");
        }
        var errors = new Dictionary<string, string[]>();
        if (body.AccountUuid is null)
        {
            errors["account_uuid"] = ["The account_uuid is required."];
        }
        var from = body.FromAsset is null ? null : await assets.FindAsync(body.FromAsset);
        var to = body.ToAsset is null ? null : await assets.FindAsync(body.ToAsset);
        if (body.FromAsset is null)
        {
            errors["from_asset"] = ["The from_asset is required."];
        }
        if (body.ToAsset is null)
        {
            errors["to_asset"] = ["The to_asset is required."];
        }
        else if (body.ToAsset == body.FromAsset)
        {
            errors["to_asset"] = ["The two assets of an exchange must differ."];
        }
        if (AmountInput.TryParseFor(body.Amount, from, out var amount) is { } amountError)
        {
            errors["amount"] = [amountError];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        foreach (var (code, asset) in new[] { (body.FromAsset!, from), (body.ToAsset!, to) })
        {
            if (asset is null)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.AssetNotFound, "Unknown asset.",
                    $"There is no asset with the code '{code}'.");
            }
        }
        var caller = user.ToCaller();
        var accountUuid = body.AccountUuid!.Value;
        var grain = client.Grain<IAccountGrain>(accountUuid);
        var fingerprint = string.Join('|', "exchange", accountUuid, from!.Code, to!.Code, amount.ToString(CultureInfo.InvariantCulture));
        return await executor.ExecuteAsync<ExchangeView>(http, caller, fingerprint,
            async (operationId, claim) =>
            {
                var result = await grain.Exchange(new ExchangeCurrency(caller, operationId, from.Code, to.Code, amount, claim));
                return (result.Exchange, result.Error, result.Replayed);
            },
            exchange => Task.FromResult<IResult>(TypedResults.Ok(new DataEnvelope<ExchangeDto>(ToDto(exchange, from.Precision, to.Precision)))));
    }

    private static ExchangeDto ToDto(ExchangeView exchange, int fromPrecision, int toPrecision) => new(exchange.Uuid, exchange.AccountUuid,
        exchange.FromAsset, exchange.ToAsset, exchange.FromAmount, exchange.ToAmount, exchange.Rate, exchange.Derivation,
        [
            new ExchangeBalanceDto(exchange.FromAsset, exchange.FromBalanceAfter, MinorUnits.Format(exchange.FromBalanceAfter, fromPrecision, exchange.FromAsset)),
            new ExchangeBalanceDto(exchange.ToAsset, exchange.ToBalanceAfter, MinorUnits.Format(exchange.ToBalanceAfter, toPrecision, exchange.ToAsset)),
        ],
        exchange.CreatedAt);
}
