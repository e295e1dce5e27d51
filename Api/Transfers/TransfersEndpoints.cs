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
using FinAegis.Grains.Abstractions.Transfers;

namespace FinAegis.Api.Transfers;

/// <summary>SPEC §6: transfers between accounts, exactly once.</summary>
public static class TransfersEndpoints
{
    public static IEndpointRouteBuilder MapTransfers(this IEndpointRouteBuilder endpoints)
    {
        var transfers = endpoints.MapGroup("/api/transfers").WithTags("Transfers").RequireAuthorization();
        transfers.MapPost("/", Create).RequireAbility(Abilities.TransfersWrite);
        transfers.MapGet("/{uuid}", Get).RequireAbility(Abilities.AccountsRead);
        endpoints.MapGroup("/api/accounts").WithTags("Transfers").RequireAuthorization()
            .MapGet("/{uuid}/transfers", ListForAccount).RequireAbility(Abilities.AccountsRead);
        return endpoints;
    }

    private static async Task<IResult> Create(CreateTransferRequest? body, HttpContext http, ClaimsPrincipal user, IClusterClient client,
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
        var from = ParseUuid(body.FromAccountUuid, "from_account_uuid", errors);
        var to = ParseUuid(body.ToAccountUuid, "to_account_uuid", errors);
        if (body.Reference is { Length: > 255 })
        {
            errors["reference"] = ["The reference is at most 255 characters."];
        }
        if (body.Description is { Length: > 255 })
        {
            errors["description"] = ["The description is at most 255 characters."];
        }
        var assetCode = body.AssetCode ?? "USD";
        var asset = await assets.FindAsync(assetCode);
        if (AmountInput.TryParseFor(body.Amount, asset, out var amount) is { } amountError)
        {
            errors["amount"] = [amountError];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (asset is null)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.AssetNotFound, "Unknown asset.", $"There is no asset with the code '{assetCode}'.");
        }
        var creditAsset = body.ToAssetCode ?? asset.Code;
        if (creditAsset != asset.Code && await assets.FindAsync(creditAsset) is null)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.AssetNotFound, "Unknown asset.", $"There is no asset with the code '{creditAsset}'.");
        }
        if (from == to)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.SameAccount, "Same account.", "The source and destination are the same account.");
        }
        var caller = user.ToCaller();
        var source = client.Grain<IAccountGrain>(from);
        var fingerprint = string.Join('|', "transfer", from, to, asset.Code, creditAsset, amount.ToString(CultureInfo.InvariantCulture),
            body.Reference ?? "", body.Description ?? "");
        return await executor.ExecuteAsync<TransferView>(http, caller, fingerprint,
            async (transferUuid, claim) =>
            {
                var result = await source.StartTransfer(new StartTransfer(caller, transferUuid, to, asset.Code, amount, body.Reference, body.Description, claim, creditAsset));
                return (result.Transfer, result.Error, result.Replayed);
            },
            async transfer =>
            {
                // A replayed answer shows the transfer as it is now (it may have settled since); a fresh one is current.
                var current = http.Response.Headers.ContainsKey(IdempotencyKeys.ReplayedHeaderName)
                    ? (await client.Grain<ITransferQueryGrain>(0).Find(transfer.Uuid))?.Transfer ?? transfer
                    : transfer;
                var dto = new DataEnvelope<TransferDto>(await ToDtoAsync(current, assets));
                return current.Status == TransferStatus.Pending
                    ? TypedResults.Accepted($"/api/transfers/{current.Uuid}", dto)
                    : TypedResults.Created($"/api/transfers/{current.Uuid}", dto);
            });
    }

    private static async Task<IResult> Get(string uuid, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets)
    {
        if (!Guid.TryParse(uuid, out var transferUuid))
        {
            return Problems.NotFound(ErrorCodes.NotFound, "No such transfer.");
        }
        var found = await client.Grain<ITransferQueryGrain>(0).Find(transferUuid);
        if (found is null)
        {
            return Problems.NotFound(ErrorCodes.NotFound, "No such transfer.");
        }
        var caller = user.ToCaller();
        if (!caller.IsAdmin && found.FromOwner != caller.UserUuid && found.ToOwner != caller.UserUuid)
        {
            return Problems.Forbidden("Only the owners of either account may see this transfer.");
        }
        return TypedResults.Ok(new DataEnvelope<TransferDto>(await ToDtoAsync(found.Transfer, assets)));
    }

    private static async Task<IResult> ListForAccount(string uuid, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets,
        string? limit, string? cursor)
    {
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (!Guid.TryParse(uuid, out var accountUuid))
        {
            return Problems.NotFound(ErrorCodes.AccountNotFound, "No such account.");
        }
        var access = await client.Grain<IAccountGrain>(accountUuid).Get(user.ToCaller());
        if (access.Account is null)
        {
            return Problems.FromDomainError(access.Error!);
        }
        var page = await client.Grain<ITransferQueryGrain>(0).ListForAccount(accountUuid, pageSize, cursor);
        var data = new List<TransferDto>();
        foreach (var transfer in page.Data)
        {
            data.Add(await ToDtoAsync(transfer, assets));
        }
        return TypedResults.Ok(new ListEnvelope<TransferDto>(data, page.NextCursor));
    }

    private static async Task<TransferDto> ToDtoAsync(TransferView transfer, AssetDirectory assets) => new(
        transfer.Uuid, transfer.Status, transfer.FromAccountUuid, transfer.ToAccountUuid, transfer.AssetCode, transfer.Amount,
        await AccountMapping.FormatAsync(transfer.Amount, transfer.AssetCode, assets), transfer.ToAssetCode, transfer.ToAmount,
        transfer.Rate, transfer.Reference, transfer.Description, transfer.FailureReason, transfer.CreatedAt, transfer.CompletedAt);

    private static Guid ParseUuid(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (Guid.TryParse(text, out var uuid))
        {
            return uuid;
        }
        errors[field] = [text is null ? "Required." : "Not a UUID."];
        return Guid.Empty;
    }
}
