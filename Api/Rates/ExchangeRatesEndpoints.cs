using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using FinAegis.Api.Accounts;
using FinAegis.Api.Assets;
using FinAegis.Api.Http;
using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Assets;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;
using FinAegis.Grains.Abstractions.Money;
using FinAegis.Grains.Abstractions.Rates;

namespace FinAegis.Api.Rates;

/// <summary>SPEC §7 exchange rates: set (admin), current list, effective pair, history, conversion quote. Reads are public.</summary>
public static class ExchangeRatesEndpoints
{
    public static IEndpointRouteBuilder MapExchangeRates(this IEndpointRouteBuilder endpoints)
    {
        var rates = endpoints.MapGroup("/api/exchange-rates").WithTags("Exchange rates");
        rates.MapPost("/", Set).RequireAbility(Abilities.Admin);
        rates.MapGet("/", List).AllowAnonymous();
        rates.MapGet("/{from}/{to}", Effective).AllowAnonymous();
        rates.MapGet("/{from}/{to}/history", History).AllowAnonymous();
        rates.MapGet("/{from}/{to}/convert", Quote).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> Set(SetRateRequest? body, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets)
    {
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var errors = new Dictionary<string, string[]>();
        await CheckAssetAsync(body.FromAsset, "from_asset", assets, errors);
        await CheckAssetAsync(body.ToAsset, "to_asset", assets, errors);
        if (body.FromAsset is not null && body.FromAsset == body.ToAsset)
        {
            errors["to_asset"] = ["The two assets must differ."];
        }
        var rate = ParseRate(body.Rate, errors);
        var source = body.Source ?? ExchangeRateSources.Manual;
        if (!ExchangeRateSources.All.Contains(source))
        {
            errors["source"] = [$"The source must be one of {string.Join(", ", ExchangeRateSources.All)}."];
        }
        DateTimeOffset? expiresAt = null;
        if (body.ExpiresAt is not null)
        {
            if (!DateTimeOffset.TryParse(body.ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                errors["expires_at"] = ["expires_at is an ISO 8601 timestamp."];
            }
            else if (parsed <= DateTimeOffset.UtcNow || parsed >= new DateTimeOffset(2038, 1, 1, 0, 0, 0, TimeSpan.Zero))
            {
                errors["expires_at"] = ["expires_at must be in the future (and before 2038)."];
            }
            else
            {
                expiresAt = parsed.ToUniversalTime();
            }
        }
        string? metadata = null;
        if (body.Metadata is { ValueKind: not JsonValueKind.Null } m)
        {
            if (m.ValueKind != JsonValueKind.Object)
            {
                errors["metadata"] = ["The metadata must be a JSON object."];
            }
            else
            {
                metadata = m.GetRawText();
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var result = await client.Grain<IExchangeRateGrain>($"{body.FromAsset}/{body.ToAsset}")
            .Set(new SetExchangeRate(user.ToCaller(), rate, source, expiresAt, metadata));
        return result.Rate is { } stored
            ? TypedResults.Created($"/api/exchange-rates/{stored.FromAsset}/{stored.ToAsset}",
                new DataEnvelope<RateDto>(RateMapping.ToDto(stored, DateTimeOffset.UtcNow)))
            : Problems.FromDomainError(result.Error!);
    }

    private static async Task<IResult> List(IClusterClient client, AssetDirectory assets, string? from, string? to, string? source)
    {
        var errors = new Dictionary<string, string[]>();
        if (from is not null)
        {
            await CheckAssetAsync(from, "from", assets, errors);
        }
        if (to is not null)
        {
            await CheckAssetAsync(to, "to", assets, errors);
        }
        if (source is not null && !ExchangeRateSources.All.Contains(source))
        {
            errors["source"] = [$"The source must be one of {string.Join(", ", ExchangeRateSources.All)}."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var rows = await client.Grain<IExchangeRateQueryGrain>(0).ListCurrent(from, to, source);
        var now = DateTimeOffset.UtcNow;
        return TypedResults.Ok(new DataEnvelope<List<RateDto>>(rows.Select(row => RateMapping.ToDto(row, now)).ToList()));
    }

    private static async Task<IResult> Effective(string from, string to, IClusterClient client, AssetDirectory assets)
    {
        if (await CheckPairAsync(from, to, assets) is { } problem)
        {
            return problem;
        }
        var result = await client.Grain<IExchangeRateResolverGrain>(0).Resolve(from, to);
        return result.Quote is { } quote
            ? TypedResults.Ok(new DataEnvelope<EffectiveRateDto>(RateMapping.ToDto(quote)))
            : NoRate(result.Error!);
    }

    private static async Task<IResult> History(string from, string to, IClusterClient client, AssetDirectory assets, string? limit, string? cursor)
    {
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (await CheckPairAsync(from, to, assets) is { } problem)
        {
            return problem;
        }
        var page = await client.Grain<IExchangeRateQueryGrain>(0).History(from, to, pageSize, cursor);
        var now = DateTimeOffset.UtcNow;
        return TypedResults.Ok(new ListEnvelope<RateDto>(page.Data.Select(row => RateMapping.ToDto(row, now)).ToList(), page.NextCursor));
    }

    private static async Task<IResult> Quote(string from, string to, IClusterClient client, AssetDirectory assets, string? amount)
    {
        if (await CheckPairAsync(from, to, assets) is { } problem)
        {
            return problem;
        }
        var fromAsset = (await assets.FindAsync(from))!;
        var toAsset = (await assets.FindAsync(to))!;
        if (AmountInput.TryParse(amount is null ? null : JsonSerializer.SerializeToElement(amount), fromAsset.Precision, out var minor) is { } error)
        {
            return Problems.Validation("amount", error);
        }
        var result = await client.Grain<IExchangeRateResolverGrain>(0).Resolve(from, to);
        if (result.Quote is not { } quote)
        {
            return NoRate(result.Error!);
        }
        var exact = quote.ToExact();
        return CurrencyConversion.TryConvert(minor, fromAsset.Precision, toAsset.Precision, exact, out var toMinor) switch
        {
            CurrencyConversion.Error.AmountTooSmall => Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.AmountTooSmall,
                "Amount too small.", $"At the current rate the amount converts to less than one minor unit of {to}."),
            CurrencyConversion.Error.TooLarge => Problems.Validation("amount", $"The amount converts to more than 2^53-1 minor units of {to}."),
            _ => TypedResults.Ok(new DataEnvelope<QuoteDto>(new QuoteDto(from, to, minor, MinorUnits.Format(minor, fromAsset.Precision, from),
                toMinor, MinorUnits.Format(toMinor, toAsset.Precision, to), exact.ToDecimalString(), quote.Derivation, quote.EarliestExpiry()))),
        };
    }

    /// <summary>Both path assets exist and differ; otherwise 404 ASSET_NOT_FOUND or 422.</summary>
    private static async Task<IResult?> CheckPairAsync(string from, string to, AssetDirectory assets)
    {
        foreach (var code in new[] { from, to })
        {
            if (!AssetRules.IsValidCode(code) || await assets.FindAsync(code) is null)
            {
                return Problems.NotFound(ErrorCodes.AssetNotFound, $"There is no asset with the code '{code}'.");
            }
        }
        return from == to ? Problems.Validation("to", "The two assets must differ.") : null;
    }

    private static async Task CheckAssetAsync(string? code, string field, AssetDirectory assets, Dictionary<string, string[]> errors)
    {
        if (code is null)
        {
            errors[field] = ["An asset code is required."];
        }
        else if (!AssetRules.IsValidCode(code) || await assets.FindAsync(code) is null)
        {
            errors[field] = [$"There is no asset with the code '{code}'."];
        }
    }

    private static decimal ParseRate(JsonElement? element, Dictionary<string, string[]> errors)
    {
        var text = element?.ValueKind switch
        {
            JsonValueKind.Number => element.Value.GetRawText(),
            JsonValueKind.String => element.Value.GetString(),
            _ => null,
        };
        var outcome = RateText.TryParse(text, out var rate);
        var message = outcome switch
        {
            RateText.ParseError.None => null,
            RateText.ParseError.NotPositive => "The rate must be greater than zero.",
            RateText.ParseError.TooPrecise => "The rate has more than 8 decimals.",
            RateText.ParseError.TooLarge => "The rate is too large (at most 12 integer digits).",
            _ when text is null => "The rate is required, as a number or a numeric string.",
            _ => "The rate is not a number.",
        };
        if (message is not null)
        {
            errors["rate"] = [message];
        }
        return rate;
    }

    private static IResult NoRate(DomainError error) => error.Code == ErrorCodes.NoExchangeRate
        ? Problems.NotFound(ErrorCodes.NoExchangeRate, error.Message)
        : Problems.FromDomainError(error);
}
