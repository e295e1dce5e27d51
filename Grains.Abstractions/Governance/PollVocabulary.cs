namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>The words of SPEC §8: poll types, statuses, voting-power strategies and execution workflows.</summary>
public static class PollTypes
{
    public const string SingleChoice = "single_choice";
    public const string MultipleChoice = "multiple_choice";
    public const string Weighted = "weighted";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { SingleChoice, MultipleChoice, Weighted };
}

public static class PollStatuses
{
    public const string Draft = "draft";
    public const string Active = "active";
    public const string Closed = "closed";
    public const string Executed = "executed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Draft, Active, Closed, Executed, Failed, Cancelled,
    };
}

public static class VotingPowerStrategies
{
    public const string OneUserOneVote = "one_user_one_vote";
    public const string AssetWeighted = "asset_weighted";
    public const string SqrtWeighted = "sqrt_weighted";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { OneUserOneVote, AssetWeighted, SqrtWeighted };
}

public static class ExecutionWorkflows
{
    public const string AddAsset = "add_asset";
    public const string UpdateSetting = "update_setting";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { AddAsset, UpdateSetting };
}

/// <summary>What happened when a closed poll's workflow ran (or why it did not).</summary>
public static class ExecutionOutcomes
{
    public const string Executed = "executed";
    public const string Failed = "failed";

    /// <summary>No winner (a tie, no votes, or participation below the threshold): nothing was run.</summary>
    public const string Skipped = "skipped";
}
