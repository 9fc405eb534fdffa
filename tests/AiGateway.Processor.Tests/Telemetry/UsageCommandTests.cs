using System.Globalization;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.Cli;
using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class UsageCommandTests
{
    [Fact]
    public async Task Usage_TeamTotals_EqualTheLedgersSettledAmount_Exactly()
    {
        await using var harness = await TelemetryHarness.StartAsync();
        var chunks = TelemetryHarness.StreamChunks();
        await harness.RequestAsync("sum-1", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], key: harness.RichKey, chunks: [TelemetryHarness.Completion(input: 1234, output: 567)]);
        await harness.RequestAsync("sum-2", TelemetryHarness.ChatBody(stream: false), ["anthropic-haiku", "openai-mini"], key: harness.RichKey, chunks: [TelemetryHarness.Completion(input: 3333, output: 7, cached: 1111)]);
        await harness.RequestAsync("sum-3", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], key: harness.RichKey, contentType: "text/event-stream", chunks: chunks);
        await harness.RequestAsync("sum-4", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], key: harness.RichKey, status: 500, chunks: ["""{"error":{"message":"x","type":"server_error"}}"""]);
        await harness.RequestAsync("sum-other-team", TelemetryHarness.ChatBody(stream: false), ["openai-mini"]);
        await harness.StopAsync();

        using var output = new StringWriter();
        var today = DateTimeOffset.UtcNow.Date;
        var exit = UsageCommand.Run(today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), harness.RichTeam, harness.RecordsPath, null, output, TextWriter.Null);

        Assert.Equal(0, exit);
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split('\t')).ToList();
        var row = Assert.Single(rows, r => r[0] == harness.RichTeam);
        Assert.Equal("tel-mini", row[1]);
        Assert.Equal("4", row[2]);
        Assert.Equal((1234 + 3333 - 1111 + 12).ToString(CultureInfo.InvariantCulture), row[3]);
        var total = rows.Single(r => r[0] == "total");
        var summedUsd = decimal.Parse(total[7], CultureInfo.InvariantCulture);

        // Each request is rounded up to a whole micro-dollar once (PriceBook), in its record and in the ledger alike.
        Assert.True(summedUsd > 0);
        var (period, resetsAt) = BudgetPeriods.Current(BudgetPeriod.Month, DateTimeOffset.UtcNow);
        using var ledger = new SqliteBudgetLedger(Path.Combine(harness.ConfigFile.Directory, "ledger.db"));
        var balance = await ledger.BalanceAsync(new BudgetScope($"team:{harness.RichTeam}:month", period, 100_000_000, resetsAt), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, balance.ReservedMicroUsd);
        Assert.Equal(balance.SettledMicroUsd / 1_000_000m, summedUsd);
    }

    [Fact]
    public void Usage_BadDate_ExitsWithUsageError()
    {
        using var error = new StringWriter();

        var exit = UsageCommand.Run("yesterday", "2026-01-01", null, "none.jsonl", null, TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains("--from", error.ToString(), StringComparison.Ordinal);
    }
}
