using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using FinAegis.Api.Assets;
using FinAegis.Api.Http;
using FinAegis.Api.Idempotency;
using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Accounts;

/// <summary>SPEC §5: accounts, deposits and withdrawals, freeze/unfreeze, close, balances, history, turnovers, events.</summary>
public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapGroup("/api/accounts").WithTags("Accounts").RequireAuthorization();
        accounts.MapPost("/", Create).RequireAbility(Abilities.AccountsWrite);
        accounts.MapGet("/", List).RequireAbility(Abilities.AccountsRead);
        accounts.MapGet("/{uuid}", Get).RequireAbility(Abilities.AccountsRead);
        accounts.MapPost("/{uuid}/deposit", Deposit).RequireAbility(Abilities.AccountsWrite);
        accounts.MapPost("/{uuid}/withdraw", Withdraw).RequireAbility(Abilities.AccountsWrite);
        accounts.MapPost("/{uuid}/freeze", Freeze).RequireAbility(Abilities.Admin);
        accounts.MapPost("/{uuid}/unfreeze", Unfreeze).RequireAbility(Abilities.Admin);
        accounts.MapDelete("/{uuid}", Close).RequireAbility(Abilities.AccountsWrite);
        accounts.MapGet("/{uuid}/balances", Balances).RequireAbility(Abilities.AccountsRead);
        accounts.MapGet("/{uuid}/transactions", Transactions).RequireAbility(Abilities.AccountsRead);
        accounts.MapGet("/{uuid}/turnovers", Turnovers).RequireAbility(Abilities.AccountsRead);
        accounts.MapGet("/{uuid}/events", Events).RequireAbility(Abilities.AccountsRead);
        return endpoints;
    }

    private static async Task<IResult> Create(CreateAccountRequest? body, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets)
    {
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var caller = user.ToCaller();
        var errors = new Dictionary<string, string[]>();
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 255)
        {
            errors["name"] = ["The name is required and at most 255 characters."];
        }
        if (body.UserUuid is { } owner && owner != caller.UserUuid && !caller.IsAdmin)
        {
            return Problems.Forbidden("Only administrators open accounts for other users.");
        }
        if (errors.Count == 0 && body.UserUuid is { } other && other != caller.UserUuid
            && (await client.Grain<IIdentityGrain>(0).GetUser(other)).User is null)
        {
            // Only an administrator gets here; an account for a user who does not exist would belong to nobody.
            errors["user_uuid"] = ["No user has this uuid."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var result = await client.Grain<IAccountGrain>(Guid.NewGuid()).Open(new OpenAccount(caller, body.UserUuid ?? caller.UserUuid, name!));
        return result.Account is { } account
            ? TypedResults.Created($"/api/accounts/{account.Uuid}", new DataEnvelope<AccountDto>(await AccountMapping.ToDtoAsync(account, assets)))
            : Problems.FromDomainError(result.Error!);
    }

    private static async Task<IResult> List(ClaimsPrincipal user, IClusterClient client, AssetDirectory assets,
        string? limit, string? cursor, string? user_uuid)
    {
        var caller = user.ToCaller();
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        Guid? owner = caller.UserUuid;
        if (user_uuid is not null)
        {
            if (!Guid.TryParse(user_uuid, out var requested))
            {
                errors["user_uuid"] = ["The user_uuid is not a UUID."];
            }
            else if (requested != caller.UserUuid && !caller.IsAdmin)
            {
                return Problems.Forbidden("Only administrators list other users' accounts.");
            }
            owner = requested;
        }
        else if (caller.IsAdmin)
        {
            owner = null; // administrators see every account
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var page = await client.Grain<IAccountQueryGrain>(0).ListAccounts(owner, pageSize, cursor);
        var data = new List<AccountDto>();
        foreach (var account in page.Data)
        {
            data.Add(await AccountMapping.ToDtoAsync(account, assets));
        }
        return TypedResults.Ok(new ListEnvelope<AccountDto>(data, page.NextCursor));
    }

    private static async Task<IResult> Get(string uuid, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets)
    {
        var (account, problem) = await LoadAccessibleAsync(uuid, user, client);
        return account is null ? problem! : TypedResults.Ok(new DataEnvelope<AccountDto>(await AccountMapping.ToDtoAsync(account, assets)));
    }

    private static Task<IResult> Deposit(string uuid, MoneyRequest? body, HttpContext http, ClaimsPrincipal user,
        IClusterClient client, AssetDirectory assets, IdempotentExecutor executor) =>
        MoveMoney(uuid, body, http, user, client, assets, executor, isDeposit: true);

    private static Task<IResult> Withdraw(string uuid, MoneyRequest? body, HttpContext http, ClaimsPrincipal user,
        IClusterClient client, AssetDirectory assets, IdempotentExecutor executor) =>
        MoveMoney(uuid, body, http, user, client, assets, executor, isDeposit: false);

    private static async Task<IResult> MoveMoney(string uuid, MoneyRequest? body, HttpContext http, ClaimsPrincipal user,
        IClusterClient client, AssetDirectory assets, IdempotentExecutor executor, bool isDeposit)
    {
        if (!Guid.TryParse(uuid, out var accountUuid))
        {
            return AccountNotFound();
        }
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        if (AmountInput.IsWrongJsonType(body.Amount))
        {
            return Problems.InvalidJson("The amount must be a JSON number or string.");
        }
        var errors = new Dictionary<string, string[]>();
        var assetCode = body.AssetCode ?? "USD";
        var asset = await assets.FindAsync(assetCode);
        if (AmountInput.TryParseFor(body.Amount, asset, out var amount) is { } amountError)
        {
            errors["amount"] = [amountError];
        }
        if (asset is null)
        {
            return errors.Count > 0
                ? Problems.Validation(errors)
                : Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.AssetNotFound, "Unknown asset.",
                    $"There is no asset with the code '{assetCode}'.");
        }
        if (body.Description is { Length: > 255 })
        {
            errors["description"] = ["The description is at most 255 characters."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var caller = user.ToCaller();
        var grain = client.Grain<IAccountGrain>(accountUuid);
        var fingerprint = string.Join('|', isDeposit ? "deposit" : "withdraw", accountUuid, asset.Code,
            amount.ToString(CultureInfo.InvariantCulture), body.Description ?? "");
        return await executor.ExecuteAsync<TransactionView>(http, caller, fingerprint,
            async (operationId, claim) =>
            {
                var command = new MoveMoney(caller, operationId, asset.Code, amount, body.Description, claim);
                var result = isDeposit ? await grain.Deposit(command) : await grain.Withdraw(command);
                return (result.Transaction, result.Error, result.Replayed);
            },
            async transaction => TypedResults.Ok(new DataEnvelope<TransactionDto>(await AccountMapping.ToDtoAsync(transaction, assets))));
    }

    private static Task<IResult> Freeze(string uuid, StatusChangeRequest? body, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets) =>
        ChangeStatus(uuid, body, user, client, assets, (grain, command) => grain.Freeze(command), reasonRequired: true);

    private static Task<IResult> Unfreeze(string uuid, StatusChangeRequest? body, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets) =>
        ChangeStatus(uuid, body, user, client, assets, (grain, command) => grain.Unfreeze(command), reasonRequired: true);

    private static Task<IResult> Close(string uuid, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets) =>
        ChangeStatus(uuid, new StatusChangeRequest(null), user, client, assets, (grain, command) => grain.Close(command), reasonRequired: false);

    private static async Task<IResult> ChangeStatus(string uuid, StatusChangeRequest? body, ClaimsPrincipal user, IClusterClient client,
        AssetDirectory assets, Func<IAccountGrain, ChangeAccountStatus, Task<AccountResult>> change, bool reasonRequired)
    {
        if (!Guid.TryParse(uuid, out var accountUuid))
        {
            return AccountNotFound();
        }
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var reason = body.Reason?.Trim();
        if (reasonRequired && (string.IsNullOrEmpty(reason) || reason.Length > 1000))
        {
            return Problems.Validation("reason", "A reason of at most 1000 characters is required.");
        }
        var result = await change(client.Grain<IAccountGrain>(accountUuid), new ChangeAccountStatus(user.ToCaller(), reason));
        return result.Account is { } account
            ? TypedResults.Ok(new DataEnvelope<AccountDto>(await AccountMapping.ToDtoAsync(account, assets)))
            : Problems.FromDomainError(result.Error!);
    }

    private static async Task<IResult> Balances(string uuid, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets)
    {
        var (account, problem) = await LoadAccessibleAsync(uuid, user, client);
        if (account is null)
        {
            return problem!;
        }
        var balances = new List<DetailedBalanceDto>();
        foreach (var (code, minor) in account.Balances.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var asset = await assets.FindAsync(code);
            var precision = asset?.Precision ?? 0;
            balances.Add(new DetailedBalanceDto(code, minor, Grains.Abstractions.Money.MinorUnits.Format(minor, precision, code),
                new AssetSummaryDto(code, asset?.Name ?? code, asset?.Type ?? "custom", precision)));
        }
        var (totalUsd, unpriced) = await Rates.UsdEquivalent.ComputeAsync(account.Balances, client, assets);
        var summary = new BalanceSummaryDto(balances.Count, totalUsd, unpriced);
        return TypedResults.Ok(new DataEnvelope<BalancesDto>(new BalancesDto(account.Uuid, balances, summary)));
    }

    private static async Task<IResult> Transactions(string uuid, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets,
        string? asset_code, string? type, string? limit, string? cursor)
    {
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (type is not null && !TransactionTypes.All.Contains(type))
        {
            errors["type"] = [$"The type must be one of {string.Join(", ", TransactionTypes.All)}."];
        }
        if (asset_code is not null && await assets.FindAsync(asset_code) is null)
        {
            errors["asset_code"] = ["Unknown asset code."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var (account, problem) = await LoadAccessibleAsync(uuid, user, client);
        if (account is null)
        {
            return problem!;
        }
        var page = await client.Grain<IAccountQueryGrain>(0).ListTransactions(new TransactionQuery(account.Uuid, asset_code, type, pageSize, cursor));
        var data = new List<TransactionDto>();
        foreach (var transaction in page.Data)
        {
            data.Add(await AccountMapping.ToDtoAsync(transaction, assets));
        }
        return TypedResults.Ok(new ListEnvelope<TransactionDto>(data, page.NextCursor));
    }

    private static async Task<IResult> Turnovers(string uuid, ClaimsPrincipal user, IClusterClient client, string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>();
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        if (fromDate > toDate)
        {
            errors["to"] = ["The to date is before the from date."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var (account, problem) = await LoadAccessibleAsync(uuid, user, client);
        if (account is null)
        {
            return problem!;
        }
        var rows = await client.Grain<IAccountQueryGrain>(0).ListTurnovers(account.Uuid, fromDate, toDate);
        var data = rows.Select(row => new TurnoverDto(row.Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.AssetCode, row.Debit, row.Credit)).ToList();
        return TypedResults.Ok(new DataEnvelope<List<TurnoverDto>>(data));
    }

    private static async Task<IResult> Events(string uuid, ClaimsPrincipal user, IClusterClient client, string? limit, string? cursor)
    {
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var (account, problem) = await LoadAccessibleAsync(uuid, user, client);
        if (account is null)
        {
            return problem!;
        }
        var page = await client.Grain<IAccountQueryGrain>(0).ListEvents(account.Uuid, pageSize, cursor);
        var data = page.Data.Select(e => new StreamEventDto(e.AggregateVersion, e.EventClass,
            JsonDocument.Parse(e.EventPropertiesJson).RootElement.Clone(), e.CreatedAt)).ToList();
        return TypedResults.Ok(new ListEnvelope<StreamEventDto>(data, page.NextCursor));
    }

    /// <summary>The account if it exists and the caller may see it; otherwise the problem to answer.</summary>
    private static async Task<(AccountView? Account, IResult? Problem)> LoadAccessibleAsync(string uuid, ClaimsPrincipal user, IClusterClient client)
    {
        if (!Guid.TryParse(uuid, out var accountUuid))
        {
            return (null, AccountNotFound());
        }
        var result = await client.Grain<IAccountGrain>(accountUuid).Get(user.ToCaller());
        return result.Account is { } account ? (account, null) : (null, Problems.FromDomainError(result.Error!));
    }

    private static DateOnly? ParseDate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[field] = ["Dates are YYYY-MM-DD."];
        return null;
    }

    private static IResult AccountNotFound() => Problems.NotFound(ErrorCodes.AccountNotFound, "No such account.");
}
