using System.Globalization;
using System.Text.Json;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Totals of local usage records by team and model over a time range (<c>aigw usage</c>). Costs are summed as the
/// exact decimals the records hold, so a team's total equals the micro-dollars its budget ledger settled.
/// </summary>
internal sealed class UsageSummary
{
    private readonly SortedDictionary<(string Team, string Model), UsageTotals> _rows = [];

    public IReadOnlyDictionary<(string Team, string Model), UsageTotals> Rows => _rows;

    /// <summary>Records started in [<paramref name="from"/>, <paramref name="to"/>), of <paramref name="team"/> when given.</summary>
    public static UsageSummary Read(IEnumerable<string> lines, DateTimeOffset from, DateTimeOffset to, string? team)
    {
        var summary = new UsageSummary();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var record = document.RootElement;
            var startedAt = DateTimeOffset.Parse(record.GetProperty("started_at").GetString()!, CultureInfo.InvariantCulture);
            var recordTeam = Text(record, "team") ?? "(none)";
            if (startedAt < from || startedAt >= to || (team is not null && recordTeam != team))
            {
                continue;
            }

            var key = (recordTeam, Text(record, "model") ?? "(none)");
            var totals = summary._rows.TryGetValue(key, out var existing) ? existing : new UsageTotals();
            var usage = record.GetProperty("usage");
            summary._rows[key] = totals with
            {
                Requests = totals.Requests + 1,
                InputTokens = totals.InputTokens + usage.GetProperty("input_tokens").GetInt64(),
                OutputTokens = totals.OutputTokens + usage.GetProperty("output_tokens").GetInt64(),
                CacheReadTokens = totals.CacheReadTokens + usage.GetProperty("cache_read_tokens").GetInt64(),
                CacheWriteTokens = totals.CacheWriteTokens + usage.GetProperty("cache_write_tokens").GetInt64(),
                CostUsd = totals.CostUsd + record.GetProperty("cost_usd").GetDecimal(),
            };
        }

        return summary;
    }

    public void WriteTable(TextWriter output)
    {
        output.WriteLine("team\tmodel\trequests\tinput_tokens\toutput_tokens\tcache_read_tokens\tcache_write_tokens\tcost_usd");
        var total = new UsageTotals();
        foreach (var ((team, model), row) in _rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{team}\t{model}\t{row.Requests}\t{row.InputTokens}\t{row.OutputTokens}\t{row.CacheReadTokens}\t{row.CacheWriteTokens}\t{row.CostUsd}"));
            total = total with
            {
                Requests = total.Requests + row.Requests,
                InputTokens = total.InputTokens + row.InputTokens,
                OutputTokens = total.OutputTokens + row.OutputTokens,
                CacheReadTokens = total.CacheReadTokens + row.CacheReadTokens,
                CacheWriteTokens = total.CacheWriteTokens + row.CacheWriteTokens,
                CostUsd = total.CostUsd + row.CostUsd,
            };
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total\t\t{total.Requests}\t{total.InputTokens}\t{total.OutputTokens}\t{total.CacheReadTokens}\t{total.CacheWriteTokens}\t{total.CostUsd}"));
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
