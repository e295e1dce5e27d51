namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>
/// What a poll must look like to be created (SPEC §8), as field → messages. The API reports these as
/// VALIDATION_FAILED; the grain checks them again so no caller can store a poll the read models would refuse.
/// </summary>
public static class PollDefinitionRules
{
    public const int MinOptions = 2;
    public const int MaxOptions = 20;

    /// <summary>The `timestamp` columns' range (MySQL and MariaDB): dates outside it could never be stored.</summary>
    public static readonly DateTimeOffset EarliestDate = new(1970, 1, 2, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestDate = new(2038, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, string[]> Validate(PollDefinition poll, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(poll.Title) || poll.Title.Length > 255)
        {
            errors["title"] = ["The title is required and at most 255 characters."];
        }
        if (poll.Description is { Length: > 10_000 })
        {
            errors["description"] = ["The description is at most 10000 characters."];
        }
        if (!PollTypes.All.Contains(poll.Type))
        {
            errors["type"] = ["The type must be one of single_choice, multiple_choice, weighted."];
        }
        ValidateOptions(poll, errors);
        if (poll.StartDate < EarliestDate || poll.StartDate >= LatestDate)
        {
            errors["start_date"] = ["The start_date must be between 1970-01-02 and 2038-01-01."];
        }
        if (poll.EndDate < EarliestDate || poll.EndDate >= LatestDate)
        {
            errors["end_date"] = ["The end_date must be between 1970-01-02 and 2038-01-01."];
        }
        else if (poll.EndDate <= poll.StartDate)
        {
            errors["end_date"] = ["The end_date must be after the start_date."];
        }
        else if (poll.EndDate <= now)
        {
            errors["end_date"] = ["The end_date must be in the future."];
        }
        if (poll.RequiredParticipation is < 1 or > 100)
        {
            errors["required_participation"] = ["The required_participation is a percentage from 1 to 100."];
        }
        if (!VotingPowerStrategies.All.Contains(poll.VotingPowerStrategy))
        {
            errors["voting_power_strategy"] = ["The voting_power_strategy must be one of one_user_one_vote, asset_weighted, sqrt_weighted."];
        }
        if (poll.MaxSelections is { } max && (max < 1 || max > poll.Options.Count))
        {
            errors["voting_power_config.max_selections"] = ["The max_selections must be from 1 to the number of options."];
        }
        if (poll.ExecutionWorkflow is { } workflow && !ExecutionWorkflows.All.Contains(workflow))
        {
            errors["execution_workflow"] = ["The execution_workflow must be add_asset or update_setting."];
        }
        return errors;
    }

    private static void ValidateOptions(PollDefinition poll, Dictionary<string, string[]> errors)
    {
        if (poll.Options.Count is < MinOptions or > MaxOptions)
        {
            errors["options"] = [$"A poll has {MinOptions} to {MaxOptions} options."];
            return;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < poll.Options.Count; i++)
        {
            var option = poll.Options[i];
            if (string.IsNullOrWhiteSpace(option.Id) || option.Id.Length > 64)
            {
                errors[$"options.{i}.id"] = ["Each option needs an id of at most 64 characters."];
            }
            else if (!ids.Add(option.Id))
            {
                errors[$"options.{i}.id"] = ["Option ids must be distinct."];
            }
            if (string.IsNullOrWhiteSpace(option.Label) || option.Label.Length > 255)
            {
                errors[$"options.{i}.label"] = ["Each option needs a label of at most 255 characters."];
            }
            if (option.Description is { Length: > 1000 })
            {
                errors[$"options.{i}.description"] = ["An option description is at most 1000 characters."];
            }
            if (option.MetadataJson is { } metadata)
            {
                var problem = poll.ExecutionWorkflow switch
                {
                    ExecutionWorkflows.AddAsset => WorkflowMetadata.TryParseAsset(metadata, out _),
                    ExecutionWorkflows.UpdateSetting => WorkflowMetadata.TryParseSetting(metadata, out _),
                    _ => null,
                };
                if (problem is not null)
                {
                    errors[$"options.{i}.metadata"] = [problem];
                }
            }
        }
    }
}
