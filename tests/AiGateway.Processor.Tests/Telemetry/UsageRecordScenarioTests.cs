using System.Text.Json;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class UsageRecordScenarioTests
{
    private const string ProviderError = """{"error":{"message":"boom","type":"server_error"}}""";

    [Fact]
    public async Task EveryEnding_WritesOneRecord_WithAttemptsUsageCostAndBudget()
    {
        await using var harness = await TelemetryHarness.StartAsync();
        var chunks = TelemetryHarness.StreamChunks();

        await harness.RequestAsync("rec-ok", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: chunks);
        await harness.RequestAsync("rec-provider-error", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], status: 500, chunks: [ProviderError]);
        await harness.RequestAsync("rec-failover", TelemetryHarness.ChatBody(stream: false), ["anthropic-haiku", "openai-mini"], chunks: [TelemetryHarness.Completion(input: 1000, output: 200, cached: 400)]);
        await harness.RequestAsync("rec-cut", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: [chunks[0]]);
        await harness.RequestAsync("rec-disconnect", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: [chunks[0]], clientDisconnects: true);
        await harness.RequestAsync("rec-budget", TelemetryHarness.ChatBody(stream: false), [], key: harness.PoorKey);
        await harness.RequestAsync("rec-budgeted", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], key: harness.RichKey);
        var records = await harness.StopAndReadRecordsAsync();

        Assert.Equal(7, records.Count);
        var ok = records["rec-ok"];
        Assert.Equal(3, ok.GetProperty("record_version").GetInt32());
        Assert.False(ok.GetProperty("usage_estimated").GetBoolean());
        Assert.Equal("ok", ok.GetProperty("outcome").GetString());
        Assert.Equal(harness.Team, ok.GetProperty("team").GetString());
        Assert.StartsWith("key:", ok.GetProperty("caller").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(ok.GetProperty("key_id").GetString()));
        Assert.Equal("openai.chat.completions", ok.GetProperty("client_api").GetString());
        Assert.Equal("tel-mini", ok.GetProperty("model").GetString());
        Assert.Equal("openai-mini", ok.GetProperty("backend").GetString());
        Assert.Equal("gpt-4o-mini-2024-07-18", ok.GetProperty("provider_model").GetString());
        Assert.Equal("end_turn", ok.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("error_type").ValueKind);
        var attempt = Assert.Single(ok.GetProperty("attempts").EnumerateArray());
        Assert.Equal("openai-mini", attempt.GetProperty("backend").GetString());
        Assert.Equal(200, attempt.GetProperty("status").GetInt32());
        Assert.False(attempt.GetProperty("retried").GetBoolean());
        Assert.True(attempt.GetProperty("latency_ms").GetInt64() >= 0);
        Assert.Equal(12, ok.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(7, ok.GetProperty("usage").GetProperty("output_tokens").GetInt64());

        // 12 × $0.15/M + 7 × $0.60/M = 1.8 + 4.2 micro-USD, at the 2024-06-01 price entry.
        Assert.Equal(0.000006m, ok.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(0.0000018m, ok.GetProperty("cost").GetProperty("input_usd").GetDecimal());
        Assert.Equal(0.0000042m, ok.GetProperty("cost").GetProperty("output_usd").GetDecimal());
        Assert.StartsWith("2024-06-01T00:00:00", ok.GetProperty("pricing_version").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("budget").ValueKind);

        var providerError = records["rec-provider-error"];
        Assert.Equal("provider_error", providerError.GetProperty("outcome").GetString());
        Assert.Equal(500, providerError.GetProperty("upstream_status").GetInt32());
        Assert.Equal("500", providerError.GetProperty("error_type").GetString());
        Assert.Equal(500, Assert.Single(providerError.GetProperty("attempts").EnumerateArray()).GetProperty("status").GetInt32());
        Assert.Equal(0m, providerError.GetProperty("cost_usd").GetDecimal());

        var failover = records["rec-failover"];
        Assert.Equal("ok", failover.GetProperty("outcome").GetString());
        var attempts = failover.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(["anthropic-haiku", "openai-mini"], attempts.Select(a => a.GetProperty("backend").GetString()));
        Assert.True(attempts[0].GetProperty("retried").GetBoolean());
        Assert.Equal(JsonValueKind.Null, attempts[0].GetProperty("status").ValueKind);
        Assert.Equal(200, attempts[1].GetProperty("status").GetInt32());

        // OpenAI's prompt_tokens include the 400 cached: 600 × 0.15 + 400 × 0.075 + 200 × 0.6 = 90 + 30 + 120 micro-USD.
        Assert.Equal(400, failover.GetProperty("usage").GetProperty("cache_read_tokens").GetInt64());
        Assert.Equal(0.00003m, failover.GetProperty("cost").GetProperty("cache_read_usd").GetDecimal());
        Assert.Equal(0.00024m, failover.GetProperty("cost_usd").GetDecimal());

        var cut = records["rec-cut"];
        Assert.Equal("provider_error", cut.GetProperty("outcome").GetString());
        Assert.Equal(200, cut.GetProperty("upstream_status").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, cut.GetProperty("error_type").ValueKind);

        var disconnect = records["rec-disconnect"];
        Assert.Equal("incomplete", disconnect.GetProperty("outcome").GetString());
        Assert.Equal("incomplete", disconnect.GetProperty("error_type").GetString());

        var budget = records["rec-budget"];
        Assert.Equal("budget_rejected", budget.GetProperty("outcome").GetString());
        Assert.Equal(harness.PoorTeam, budget.GetProperty("team").GetString());
        Assert.Empty(budget.GetProperty("attempts").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, budget.GetProperty("backend").ValueKind);

        // Reserved: the worst case at admission; settled: the cost of what was used (120 × 0.15 + 30 × 0.6 = 36 micro-USD).
        var budgeted = records["rec-budgeted"].GetProperty("budget");
        Assert.Equal(records["rec-budgeted"].GetProperty("budget_reservation").GetString(), budgeted.GetProperty("reservation_id").GetString());
        Assert.True(budgeted.GetProperty("reserved_usd").GetDecimal() >= 0.000036m);
        Assert.Equal(0.000036m, budgeted.GetProperty("settled_usd").GetDecimal());
        Assert.Equal(0.000036m, records["rec-budgeted"].GetProperty("cost_usd").GetDecimal());
    }

    /// <summary>
    /// Streams that end before the provider's usage (adr/019): recorded and settled at an estimate, marked as such —
    /// input from the admission estimate (or the provider's start event), output from what was streamed.
    /// </summary>
    [Fact]
    public async Task StreamEndingBeforeUsage_RecordsAndSettlesAMarkedEstimate()
    {
        await using var harness = await TelemetryHarness.StartAsync();
        var content = TelemetryHarness.StreamChunks()[0];
        const string ErrorChunk = "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n";
        string[] anthropic =
        [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":40,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            $"event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"{TelemetryHarness.CompletionText}\"}}}}\n\n",
        ];

        var cutAnswers = await harness.RequestAsync("est-cut", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: [content]);
        await harness.RequestAsync("est-disconnect", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: [content], clientDisconnects: true, key: harness.RichKey);
        await harness.RequestAsync("est-error-event", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: [content, ErrorChunk], key: harness.RichKey);
        await harness.RequestAsync("est-error-first", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: [ErrorChunk], key: harness.RichKey);
        await harness.RequestAsync("est-anthropic", TelemetryHarness.ChatBody(stream: true), ["anthropic-haiku"], contentType: "text/event-stream", chunks: anthropic, clientDisconnects: true, key: harness.RichKey);
        await harness.RequestAsync("est-complete", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: TelemetryHarness.StreamChunks(), key: harness.RichKey);
        var records = await harness.StopAndReadRecordsAsync();

        // The completion text is 29 bytes: 10 tokens at 3 bytes a token.
        var outputEstimate = (TelemetryHarness.CompletionText.Length + 2) / 3;
        var admissionInput = records["est-disconnect"].GetProperty("usage").GetProperty("input_tokens").GetInt64();
        Assert.True(admissionInput > 0);
        foreach (var id in new[] { "est-cut", "est-disconnect", "est-error-event" })
        {
            var record = records[id];
            Assert.True(record.GetProperty("usage_estimated").GetBoolean(), id);

            // Counted at admission (budgeted team) or at the end (a team without budgets): the same estimate.
            Assert.Equal(admissionInput, record.GetProperty("usage").GetProperty("input_tokens").GetInt64());
            Assert.Equal(outputEstimate, record.GetProperty("usage").GetProperty("output_tokens").GetInt64());

            // At the 2024-06-01 price: input × 0.15 + output × 0.6 micro-USD, rounded up once (ExchangeCost).
            Assert.Equal(Math.Ceiling((admissionInput * 0.15m) + (outputEstimate * 0.6m)) / 1_000_000m, record.GetProperty("cost_usd").GetDecimal());
        }

        // The settlement charged the estimate to the budget.
        foreach (var id in new[] { "est-disconnect", "est-error-event" })
        {
            var settled = records[id].GetProperty("budget").GetProperty("settled_usd").GetDecimal();
            Assert.True(settled > 0, id);
            Assert.Equal(records[id].GetProperty("cost_usd").GetDecimal(), settled);
        }

        // Envoy's access log sees the estimate and its mark in the last answer's metadata.
        var aigw = cutAnswers[^1].DynamicMetadata.Fields["aigw"].StructValue.Fields;
        Assert.Equal("true", aigw["usage_estimated"].StringValue);
        Assert.Equal(outputEstimate, aigw["output_tokens"].NumberValue);

        // Nothing streamed: nothing to estimate, $0 stays right.
        var errorFirst = records["est-error-first"];
        Assert.False(errorFirst.GetProperty("usage_estimated").GetBoolean());
        Assert.Equal(0, errorFirst.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.Equal(0m, errorFirst.GetProperty("budget").GetProperty("settled_usd").GetDecimal());

        // Anthropic's message_start input (40) wins over the admission estimate; the output is estimated.
        var bridged = records["est-anthropic"];
        Assert.True(bridged.GetProperty("usage_estimated").GetBoolean());
        Assert.Equal(40, bridged.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(outputEstimate, bridged.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.Equal(((40 * 1m) + (outputEstimate * 5m)) / 1_000_000m, bridged.GetProperty("budget").GetProperty("settled_usd").GetDecimal());

        // The provider's usage, when it came, wins.
        var complete = records["est-complete"];
        Assert.False(complete.GetProperty("usage_estimated").GetBoolean());
        Assert.Equal(12, complete.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(7, complete.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }
}
