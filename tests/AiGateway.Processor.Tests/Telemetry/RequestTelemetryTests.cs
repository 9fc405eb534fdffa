using System.Diagnostics;
using System.Text.Json;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class RequestTelemetryTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ClientSpanId = "b7ad6b7169203331";

    [Fact]
    public async Task ChatSpan_JoinsTheClientsTraceparent_AttemptsAreChildren()
    {
        await using var harness = await TelemetryHarness.StartAsync();

        await harness.RequestAsync("trace-ok", TelemetryHarness.ChatBody(stream: false), ["anthropic-haiku", "openai-mini"], headers: ("traceparent", $"00-{TraceId}-{ClientSpanId}-01"));
        await harness.StopAsync();

        var chat = Assert.Single(harness.Spans, s => (string?)s.GetTagItem("aigw.request_id") == "trace-ok");
        Assert.Equal("chat tel-mini", chat.DisplayName);
        Assert.Equal(ActivityKind.Server, chat.Kind);
        Assert.Equal(TraceId, chat.TraceId.ToHexString());
        Assert.Equal(ClientSpanId, chat.ParentSpanId.ToHexString());
        Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("openai", chat.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("tel-mini", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal(120L, chat.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(ActivityStatusCode.Unset, chat.Status);

        var attempts = harness.Spans.Where(s => s.ParentSpanId == chat.SpanId && s.DisplayName.StartsWith("attempt ", StringComparison.Ordinal)).Select(s => s.DisplayName).Order().ToList();
        Assert.Equal(["attempt anthropic-haiku", "attempt openai-mini"], attempts);
    }

    [Fact]
    public async Task BudgetRejection_LedgerRoundTripIsAChildSpan_ChatSpanIsAnError()
    {
        await using var harness = await TelemetryHarness.StartAsync();

        await harness.RequestAsync("trace-budget", TelemetryHarness.ChatBody(stream: false), [], key: harness.PoorKey, headers: ("traceparent", $"00-{TraceId}-{ClientSpanId}-01"));
        await harness.StopAsync();

        var chat = Assert.Single(harness.Spans, s => (string?)s.GetTagItem("aigw.request_id") == "trace-budget");
        Assert.Equal(ActivityStatusCode.Error, chat.Status);
        Assert.Equal("budget_rejected", chat.GetTagItem("aigw.outcome"));
        Assert.Contains(harness.Spans, s => s.ParentSpanId == chat.SpanId && s.DisplayName == "ledger reserve");
    }

    [Fact]
    public async Task LastResponseAnswer_CarriesUsageAndCostAsDynamicMetadata()
    {
        await using var harness = await TelemetryHarness.StartAsync();

        var answers = await harness.RequestAsync("meta-ok", TelemetryHarness.ChatBody(stream: false), ["openai-mini"]);

        var last = answers[^1];
        Assert.Equal(ProcessingResponse.ResponseOneofCase.ResponseBody, last.ResponseCase);
        var aigw = last.DynamicMetadata.Fields["aigw"].StructValue.Fields;
        Assert.Equal(harness.Team, aigw["team"].StringValue);
        Assert.Equal("tel-mini", aigw["model"].StringValue);
        Assert.Equal("openai-mini", aigw["backend"].StringValue);
        Assert.Equal(120, aigw["input_tokens"].NumberValue);
        Assert.Equal(30, aigw["output_tokens"].NumberValue);
        Assert.Equal(0, aigw["cache_read_tokens"].NumberValue);
        Assert.Equal(0.000036, aigw["cost_usd"].NumberValue, 12);
    }

    [Fact]
    public async Task EmfLine_OnePerRequest_OnStdout_FollowsTheSpecification()
    {
        await using var harness = await TelemetryHarness.StartAsync("  emf: true");

        await harness.RequestAsync("emf-1", TelemetryHarness.ChatBody(stream: false), ["openai-mini"]);
        await harness.RequestAsync("emf-2", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], status: 500, chunks: ["""{"error":{"message":"x","type":"server_error"}}"""]);
        await harness.StopAsync();

        var lines = System.Text.Encoding.UTF8.GetString(harness.Stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["emf-1", "emf-2"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("RequestId").GetString()).Order());
        foreach (var line in lines)
        {
            EmfSpecification.AssertValid(JsonDocument.Parse(line).RootElement);
        }

        var ok = JsonDocument.Parse(lines.Single(l => l.Contains("emf-1", StringComparison.Ordinal))).RootElement;
        Assert.Equal(harness.Team, ok.GetProperty("Team").GetString());
        Assert.Equal(120, ok.GetProperty("InputTokens").GetInt64());
        Assert.Equal(0.000036m, ok.GetProperty("CostUsd").GetDecimal());
        Assert.True(ok.TryGetProperty("TimeToFirstToken", out _));
        Assert.False(JsonDocument.Parse(lines.Single(l => l.Contains("emf-2", StringComparison.Ordinal))).RootElement.TryGetProperty("TimeToFirstToken", out _));
    }
}
