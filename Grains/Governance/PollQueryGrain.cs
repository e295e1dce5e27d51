using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Grains.Storage;
using MySqlConnector;
using Orleans.Concurrency;

namespace FinAegis.Grains.Governance;

[StatelessWorker]
public sealed class PollQueryGrain(DatabaseSettings database, VoteSigner signer) : Grain, IPollQueryGrain
{
    public async Task<Page<PollView>> ListPolls(string? status, bool activeOnly, int limit, string? cursor)
    {
        var hasCursor = Cursor.TryDecode(cursor, out var beforeId);
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, uuid, title, description, type, options, start_date, end_date, status, required_participation,
                   voting_power_strategy, voting_power_config, execution_workflow, created_by, created_at, updated_at, execution_result
            FROM polls
            WHERE id < @before AND (@status IS NULL OR status = @status)
              {(activeOnly ? "AND status = 'active' AND start_date <= UTC_TIMESTAMP() AND end_date > UTC_TIMESTAMP()" : "")}
            ORDER BY id DESC
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@before", hasCursor ? beforeId : long.MaxValue);
        command.Parameters.AddWithValue("@status", status);
        command.Parameters.AddWithValue("@limit", limit + 1);
        var rows = new List<(long Id, PollView Poll)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), ReadPoll(reader)));
        }
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? Cursor.Encode(page[^1].Id) : null;
        return new Page<PollView>(page.Select(row => row.Poll).ToList(), next);
    }

    public async Task<VoteView?> GetVote(Guid pollUuid, Guid userUuid)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT v.selected_options, v.voting_power, v.voted_at, v.signature
            FROM votes v JOIN polls p ON p.id = v.poll_id
            WHERE p.uuid = @poll AND v.user_uuid = @user
            """;
        command.Parameters.AddWithValue("@poll", pollUuid.ToString());
        command.Parameters.AddWithValue("@user", userUuid.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        // Verified against the row as it is now: an edited row no longer matches its signature.
        var vote = new VoteView(pollUuid, userUuid, PollJson.ParseSelections(reader.GetString(0)), reader.GetInt64(1),
            DbTime.Utc(reader.GetDateTime(2)), reader.IsDBNull(3) ? "" : reader.GetString(3));
        return vote with { Verified = await signer.VerifyAsync(vote) };
    }

    private static PollView ReadPoll(MySqlDataReader reader)
    {
        var configJson = reader.IsDBNull(11) ? null : reader.GetString(11);
        var (assetCode, maxSelections) = PollConfig.Read(configJson);
        var definition = new PollDefinition(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
            PollJson.ParseOptions(reader.GetString(5)), DbTime.Utc(reader.GetDateTime(6)), DbTime.Utc(reader.GetDateTime(7)),
            reader.IsDBNull(9) ? null : reader.GetInt32(9), reader.IsDBNull(10) ? VotingPowerStrategies.OneUserOneVote : reader.GetString(10),
            configJson, assetCode, maxSelections, reader.IsDBNull(12) ? null : reader.GetString(12));
        var status = reader.GetString(8);
        return new PollView(reader.GetGuid(1), definition, status, reader.IsDBNull(13) ? Guid.Empty : reader.GetGuid(13),
            DbTime.Utc(reader.GetDateTime(14)), DbTime.Utc(reader.GetDateTime(15)), null,
            PollJson.ParseExecutionResult(reader.IsDBNull(16) ? null : reader.GetString(16)));
    }
}
