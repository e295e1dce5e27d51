using System.Security.Claims;
using FinAegis.Api.Accounts;
using FinAegis.Api.Assets;
using FinAegis.Api.Http;
using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Governance;

/// <summary>SPEC §8: polls, their lifecycle, votes, results and voting power.</summary>
public static class PollsEndpoints
{
    public static IEndpointRouteBuilder MapPolls(this IEndpointRouteBuilder endpoints)
    {
        var polls = endpoints.MapGroup("/api/polls").WithTags("Governance").RequireAuthorization();
        polls.MapPost("/", Create).RequireAbility(Abilities.Admin);
        polls.MapGet("/", List);
        polls.MapGet("/active", Active);
        polls.MapGet("/{uuid}", Get);
        polls.MapPost("/{uuid}/activate", Activate).RequireAbility(Abilities.Admin);
        polls.MapPost("/{uuid}/close", Close).RequireAbility(Abilities.Admin);
        polls.MapPost("/{uuid}/cancel", Cancel).RequireAbility(Abilities.Admin);
        polls.MapGet("/{uuid}/results", Results);
        polls.MapGet("/{uuid}/voting-power", VotingPower);
        polls.MapPost("/{uuid}/vote", Vote).RequireAbility(Abilities.GovernanceVote);
        polls.MapGet("/{uuid}/votes/mine", MyVote);
        return endpoints;
    }

    private static async Task<IResult> Create(CreatePollRequest? body, ClaimsPrincipal user, IClusterClient client, AssetDirectory assets)
    {
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var errors = new Dictionary<string, string[]>();
        var definition = PollRequestParser.ParseDefinition(body, errors);
        if (definition is not null && definition.VotingPowerStrategy != VotingPowerStrategies.OneUserOneVote
            && !errors.ContainsKey("voting_power_config.asset_code") && await assets.FindAsync(definition.AssetCode) is null)
        {
            errors["voting_power_config.asset_code"] = [$"There is no asset with the code '{definition.AssetCode}'."];
        }
        if (errors.Count > 0 || definition is null)
        {
            return Problems.Validation(errors);
        }
        var uuid = Guid.NewGuid();
        var result = await client.Grain<IPollGrain>(uuid).Create(new CreatePoll(user.ToCaller(), definition));
        return result.Poll is { } poll
            ? TypedResults.Created($"/api/polls/{poll.Uuid}", new DataEnvelope<PollDto>(PollMapping.ToDto(poll)))
            : Problem(result.Error!);
    }

    private static async Task<IResult> List(IClusterClient client, string? status, string? limit, string? cursor)
    {
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (status is not null && !PollStatuses.All.Contains(status))
        {
            errors["status"] = [$"The status must be one of {string.Join(", ", PollStatuses.All)}."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var page = await client.Grain<IPollQueryGrain>(0).ListPolls(status, activeOnly: false, pageSize, cursor);
        return TypedResults.Ok(new ListEnvelope<PollDto>(page.Data.Select(PollMapping.ToDto).ToList(), page.NextCursor));
    }

    private static async Task<IResult> Active(IClusterClient client, string? limit, string? cursor)
    {
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var page = await client.Grain<IPollQueryGrain>(0).ListPolls(PollStatuses.Active, activeOnly: true, pageSize, cursor);
        return TypedResults.Ok(new ListEnvelope<PollDto>(page.Data.Select(PollMapping.ToDto).ToList(), page.NextCursor));
    }

    private static async Task<IResult> Get(string uuid, IClusterClient client)
    {
        if (!Guid.TryParse(uuid, out var pollUuid))
        {
            return PollNotFound();
        }
        var result = await client.Grain<IPollGrain>(pollUuid).Get();
        return result.Poll is { } poll ? TypedResults.Ok(new DataEnvelope<PollDto>(PollMapping.ToDto(poll))) : Problem(result.Error!);
    }

    private static Task<IResult> Activate(string uuid, ClaimsPrincipal user, IClusterClient client) =>
        Transition(uuid, client, grain => grain.Activate(user.ToCaller()));

    private static Task<IResult> Close(string uuid, ClaimsPrincipal user, IClusterClient client) =>
        Transition(uuid, client, grain => grain.Close(user.ToCaller()));

    private static Task<IResult> Cancel(string uuid, ClaimsPrincipal user, IClusterClient client) =>
        Transition(uuid, client, grain => grain.Cancel(user.ToCaller()));

    private static async Task<IResult> Transition(string uuid, IClusterClient client, Func<IPollGrain, Task<PollResult>> change)
    {
        if (!Guid.TryParse(uuid, out var pollUuid))
        {
            return PollNotFound();
        }
        var result = await change(client.Grain<IPollGrain>(pollUuid));
        return result.Poll is { } poll ? TypedResults.Ok(new DataEnvelope<PollDto>(PollMapping.ToDto(poll))) : Problem(result.Error!);
    }

    private static async Task<IResult> Results(string uuid, IClusterClient client)
    {
        if (!Guid.TryParse(uuid, out var pollUuid))
        {
            return PollNotFound();
        }
        var grain = client.Grain<IPollGrain>(pollUuid);
        var results = await grain.GetResults();
        if (results.Results is null)
        {
            return Problem(results.Error!);
        }
        var poll = await grain.Get();
        return poll.Poll is null
            ? Problem(poll.Error!)
            : TypedResults.Ok(new DataEnvelope<PollResultsDto>(PollMapping.ToDto(results.Results, poll.Poll)));
    }

    private static async Task<IResult> VotingPower(string uuid, ClaimsPrincipal user, IClusterClient client)
    {
        if (!Guid.TryParse(uuid, out var pollUuid))
        {
            return PollNotFound();
        }
        var result = await client.Grain<IPollGrain>(pollUuid).GetVotingPower(user.GetUserUuid());
        if (result.Power is not { } power)
        {
            return Problem(result.Error!);
        }
        var dto = new VotingPowerDto(power.VotingPower, power.CanVote, power.HasVoted, power.Strategy);
        return TypedResults.Ok(new VotingPowerEnvelope(dto, dto.VotingPower, dto.CanVote, dto.HasVoted, dto.Strategy));
    }

    private static async Task<IResult> Vote(string uuid, VoteRequest? body, ClaimsPrincipal user, IClusterClient client)
    {
        if (!Guid.TryParse(uuid, out var pollUuid))
        {
            return PollNotFound();
        }
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var selections = PollRequestParser.ParseSelections(body.SelectedOptions, out var error);
        if (selections is null)
        {
            return Problems.Validation("selected_options", error!);
        }
        var result = await client.Grain<IPollGrain>(pollUuid).Vote(new CastVote(user.ToCaller(), selections));
        return result.Vote is { } vote
            ? TypedResults.Created($"/api/polls/{pollUuid}/votes/mine", new DataEnvelope<VoteDto>(PollMapping.ToDto(vote)))
            : Problem(result.Error!);
    }

    private static async Task<IResult> MyVote(string uuid, ClaimsPrincipal user, IClusterClient client)
    {
        if (!Guid.TryParse(uuid, out var pollUuid))
        {
            return PollNotFound();
        }
        var poll = await client.Grain<IPollGrain>(pollUuid).Get();
        if (poll.Poll is null)
        {
            return Problem(poll.Error!);
        }
        var vote = await client.Grain<IPollQueryGrain>(0).GetVote(pollUuid, user.GetUserUuid());
        return vote is null
            ? Problems.NotFound(ErrorCodes.NotFound, "You have not voted in this poll.")
            : TypedResults.Ok(new DataEnvelope<VoteDto>(PollMapping.ToDto(vote)));
    }

    /// <summary>A grain refusal as a problem; a grain-side validation failure keeps its field → message map.</summary>
    private static IResult Problem(DomainError error) =>
        error.Code == ErrorCodes.ValidationFailed && error.Details is { Count: > 0 } details
            ? Problems.Validation(details.ToDictionary(d => d.Key, d => new[] { d.Value }))
            : Problems.FromDomainError(error);

    private static IResult PollNotFound() => Problems.NotFound(ErrorCodes.NotFound, "No such poll.");
}
