using System.Text.Json;
using System.Text.Json.Nodes;
using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Grains.Governance;

/// <summary>The JSON shapes of the `polls.options`, `votes.selected_options` and `polls.execution_result` columns.</summary>
public static class PollJson
{
    public static string Options(IReadOnlyList<PollOption> options) => new JsonArray(options.Select(option => (JsonNode)new JsonObject
    {
        ["id"] = option.Id,
        ["label"] = option.Label,
        ["description"] = option.Description,
        ["metadata"] = option.MetadataJson is null ? null : JsonNode.Parse(option.MetadataJson),
    }).ToArray()).ToJsonString();

    public static List<PollOption> ParseOptions(string json)
    {
        var options = new List<PollOption>();
        foreach (var element in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            options.Add(new PollOption(element.GetProperty("id").GetString()!, element.GetProperty("label").GetString()!,
                element.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                element.TryGetProperty("metadata", out var m) && m.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? m.GetRawText() : null));
        }
        return options;
    }

    /// <summary>["a","b"] for choice polls, [{"id":"a","weight":60},...] for weighted ones.</summary>
    public static string Selections(IReadOnlyList<VoteSelection> selections) => selections.Any(s => s.Weight is not null)
        ? new JsonArray(selections.Select(s => (JsonNode)new JsonObject { ["id"] = s.OptionId, ["weight"] = s.Weight }).ToArray()).ToJsonString()
        : new JsonArray(selections.Select(s => (JsonNode)JsonValue.Create(s.OptionId)!).ToArray()).ToJsonString();

    /// <summary>Reads a stored selection back; anything unexpected (a hand-edited row) yields what it can, and fails verification.</summary>
    public static List<VoteSelection> ParseSelections(string json)
    {
        var selections = new List<VoteSelection>();
        try
        {
            foreach (var element in JsonDocument.Parse(json).RootElement.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.String)
                {
                    selections.Add(new VoteSelection(element.GetString()!, null));
                }
                else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id))
                {
                    int? weight = element.TryGetProperty("weight", out var w) && w.TryGetInt32(out var value) ? value : null;
                    selections.Add(new VoteSelection(id.ToString(), weight));
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            selections.Add(new VoteSelection("<unreadable>", null));
        }
        return selections;
    }

    public static string? ExecutionResult(ExecutionResultView? result) => result is null ? null : new JsonObject
    {
        ["status"] = result.Status,
        ["winning_option"] = result.WinningOption,
        ["detail"] = result.Detail,
        ["at"] = result.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
    }.ToJsonString();

    public static ExecutionResultView? ParseExecutionResult(string? json)
    {
        if (json is null)
        {
            return null;
        }
        var root = JsonDocument.Parse(json).RootElement;
        return new ExecutionResultView(root.GetProperty("status").GetString()!,
            root.TryGetProperty("winning_option", out var w) && w.ValueKind == JsonValueKind.String ? w.GetString() : null,
            root.GetProperty("detail").GetString() ?? "", root.GetProperty("at").GetDateTimeOffset());
    }
}
