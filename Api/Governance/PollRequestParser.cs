using System.Globalization;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Api.Governance;

/// <summary>Turns request bodies into grain commands, collecting field errors instead of throwing.</summary>
public static class PollRequestParser
{
    private const int MaxSelections = 100;

    public static PollDefinition? ParseDefinition(CreatePollRequest body, Dictionary<string, string[]> errors)
    {
        var options = ParseOptions(body.Options, errors);
        var start = ParseDate(body.StartDate, "start_date", errors);
        var end = ParseDate(body.EndDate, "end_date", errors);
        string? configJson = null;
        var assetCode = PollConfig.DefaultAssetCode;
        int? maxSelections = null;
        if (body.VotingPowerConfig is { ValueKind: not JsonValueKind.Null } config)
        {
            if (config.ValueKind != JsonValueKind.Object)
            {
                errors["voting_power_config"] = ["The voting_power_config must be an object."];
            }
            else
            {
                configJson = config.GetRawText();
                if (config.TryGetProperty("asset_code", out var asset) && asset.ValueKind != JsonValueKind.Null)
                {
                    if (asset.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(asset.GetString()))
                    {
                        errors["voting_power_config.asset_code"] = ["The asset_code must be an asset code."];
                    }
                    else
                    {
                        assetCode = asset.GetString()!;
                    }
                }
                if (config.TryGetProperty("max_selections", out var max) && max.ValueKind != JsonValueKind.Null)
                {
                    if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out var value))
                    {
                        errors["voting_power_config.max_selections"] = ["The max_selections must be an integer."];
                    }
                    else
                    {
                        maxSelections = value;
                    }
                }
            }
        }
        if (body.Title is null)
        {
            errors["title"] = ["The title is required."];
        }
        if (body.Type is null)
        {
            errors["type"] = ["The type is required."];
        }
        if (options is null || start is null || end is null || body.Title is null || body.Type is null)
        {
            return null;
        }
        var definition = new PollDefinition(body.Title.Trim(), body.Description, body.Type, options, start.Value, end.Value,
            body.RequiredParticipation, body.VotingPowerStrategy ?? VotingPowerStrategies.OneUserOneVote, configJson, assetCode,
            maxSelections, body.ExecutionWorkflow);
        foreach (var (field, messages) in PollDefinitionRules.Validate(definition, DateTimeOffset.UtcNow))
        {
            errors[field] = messages;
        }
        return definition;
    }

    /// <summary>Selections as ids ("a" or {"id":"a"}) or, for weighted polls, {"id":"a","weight":60}; null when malformed.</summary>
    public static List<VoteSelection>? ParseSelections(JsonElement? element, out string? error)
    {
        error = null;
        if (element is not { ValueKind: JsonValueKind.Array } array)
        {
            error = "The selected_options must be an array of option ids or {id, weight} objects.";
            return null;
        }
        if (array.GetArrayLength() > MaxSelections)
        {
            error = $"At most {MaxSelections} selected options.";
            return null;
        }
        var selections = new List<VoteSelection>();
        foreach (var item in array.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    selections.Add(new VoteSelection(item.GetString()!, null));
                    break;
                case JsonValueKind.Number:
                    selections.Add(new VoteSelection(item.GetRawText(), null));
                    break;
                case JsonValueKind.Object:
                    var id = item.TryGetProperty("id", out var i) ? OptionId(i) : null;
                    if (id is null)
                    {
                        error = "Each selected option needs an id.";
                        return null;
                    }
                    int? weight = null;
                    if (item.TryGetProperty("weight", out var w) && w.ValueKind != JsonValueKind.Null)
                    {
                        if (w.ValueKind != JsonValueKind.Number || !w.TryGetDecimal(out var number))
                        {
                            error = "A weight is a number.";
                            return null;
                        }
                        // A fractional or out-of-range weight is a wrong vote, not a malformed one: the grain refuses it.
                        weight = number == decimal.Truncate(number) && number is >= -1000 and <= 1000 ? (int)number : -1;
                    }
                    selections.Add(new VoteSelection(id, weight));
                    break;
                default:
                    error = "Each selected option is an option id or an {id, weight} object.";
                    return null;
            }
        }
        return selections;
    }

    private static List<PollOption>? ParseOptions(JsonElement? element, Dictionary<string, string[]> errors)
    {
        if (element is not { ValueKind: JsonValueKind.Array } array)
        {
            errors["options"] = ["The options must be an array of {id, label, description?, metadata?}."];
            return null;
        }
        var options = new List<PollOption>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors[$"options.{index}"] = ["Each option is an object."];
                return null;
            }
            var id = item.TryGetProperty("id", out var i) ? OptionId(i) : null;
            var label = item.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            string? description = null;
            if (item.TryGetProperty("description", out var d) && d.ValueKind != JsonValueKind.Null)
            {
                if (d.ValueKind != JsonValueKind.String)
                {
                    errors[$"options.{index}.description"] = ["An option description is a string."];
                }
                description = d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            }
            string? metadata = null;
            if (item.TryGetProperty("metadata", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                if (m.ValueKind != JsonValueKind.Object)
                {
                    errors[$"options.{index}.metadata"] = ["An option's metadata is an object."];
                }
                else
                {
                    metadata = m.GetRawText();
                }
            }
            options.Add(new PollOption(id ?? "", label ?? "", description, metadata));
            index++;
        }
        return options;
    }

    private static string? OptionId(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.String => id.GetString(),
        JsonValueKind.Number => id.GetRawText(),
        _ => null,
    };

    private static DateTimeOffset? ParseDate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = [$"The {field} is required (ISO 8601)."];
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }
        errors[field] = [$"The {field} is not an ISO 8601 date."];
        return null;
    }
}
