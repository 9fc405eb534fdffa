using AiGateway.Processor.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class GatewayMetricsTests
{
    private static readonly double[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] FirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
    private static readonly double[] PerTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    [Fact]
    public async Task StreamedSuccess_GenAiInstruments_HaveSemconvNamesUnitsBucketsAndAttributes()
    {
        await using var harness = await TelemetryHarness.StartAsync();

        await harness.RequestAsync("met-ok", TelemetryHarness.ChatBody(stream: true), ["openai-mini"], contentType: "text/event-stream", chunks: TelemetryHarness.StreamChunks());
        harness.FlushMetrics();

        var expected = new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = "chat",
            ["gen_ai.provider.name"] = "openai",
            ["gen_ai.request.model"] = "tel-mini",
            ["gen_ai.response.model"] = "gpt-4o-mini-2024-07-18",
            ["aigw.team"] = harness.Team,
            ["aigw.route"] = "tel-mini",
            ["aigw.backend"] = "openai-mini",
        };
        var tokens = Points(harness, "gen_ai.client.token.usage", "{token}");
        Assert.Equal(2, tokens.Count);
        var input = Assert.Single(tokens, p => Tag(p, "gen_ai.token.type") == "input");
        var output = Assert.Single(tokens, p => Tag(p, "gen_ai.token.type") == "output");
        Assert.Equal(12, input.GetHistogramSum());
        Assert.Equal(7, output.GetHistogramSum());
        Assert.Equal(expected.Append(new("gen_ai.token.type", "input")).OrderBy(t => t.Key), Tags(input));
        Assert.Equal(TokenBuckets, Bounds(input));

        foreach (var (name, buckets) in new[] { ("gen_ai.server.request.duration", DurationBuckets), ("gen_ai.server.time_to_first_token", FirstTokenBuckets), ("gen_ai.server.time_per_output_token", PerTokenBuckets) })
        {
            var point = Assert.Single(Points(harness, name, "s"));
            Assert.Equal(1, point.GetHistogramCount());
            Assert.Equal(expected.OrderBy(t => t.Key), Tags(point));
            Assert.Equal(buckets, Bounds(point));
        }

        var request = Assert.Single(Points(harness, "aigw.requests", "{request}"));
        Assert.Equal(1, request.GetSumLong());
        Assert.Equal("ok", Tag(request, "aigw.outcome"));
        Assert.Equal("openai.chat.completions", Tag(request, "aigw.client_api"));
        var cost = Assert.Single(Points(harness, "aigw.cost", "USD"));
        Assert.Equal(0.000006, cost.GetSumDouble(), 12);

        var stages = Snapshot(harness, "aigw.processor.stage.duration", "s").MetricPoints;
        Assert.Contains(stages, p => Tag(p, "aigw.stage") == "ModelRouteStage" && Tag(p, "aigw.phase") == "request_body");
        Assert.Contains(stages, p => Tag(p, "aigw.stage") == "UpstreamAttemptStage" && Tag(p, "aigw.phase") == "request_headers");
        Assert.NotNull(Snapshot(harness, "aigw.ext_proc.active_streams", "{stream}"));
    }

    [Fact]
    public async Task ProviderErrorFailoverAndBudget_AreCountedWithErrorType()
    {
        await using var harness = await TelemetryHarness.StartAsync();

        await harness.RequestAsync("met-500", TelemetryHarness.ChatBody(stream: false), ["openai-mini"], status: 500, chunks: ["""{"error":{"message":"boom","type":"server_error"}}"""]);
        await harness.RequestAsync("met-failover", TelemetryHarness.ChatBody(stream: false), ["anthropic-haiku", "openai-mini"]);
        await harness.RequestAsync("met-budget", TelemetryHarness.ChatBody(stream: false), [], key: harness.PoorKey);
        await harness.FlushMetricsUntilAsync(() => harness.LastMetric("aigw.requests") is { } last
            && last.MetricPoints.Count(p => Tag(p, "aigw.team") is { } team && team.StartsWith(harness.Team, StringComparison.Ordinal)) >= 3);

        var requests = Points(harness, "aigw.requests", "{request}", anyTeam: true);
        Assert.Equal(1, Assert.Single(requests, p => Tag(p, "aigw.outcome") == "provider_error" && Tag(p, "aigw.team") == harness.Team).GetSumLong());
        Assert.Equal(1, Assert.Single(requests, p => Tag(p, "aigw.outcome") == "ok" && Tag(p, "aigw.team") == harness.Team).GetSumLong());
        Assert.Equal(1, Assert.Single(requests, p => Tag(p, "aigw.outcome") == "budget_rejected" && Tag(p, "aigw.team") == harness.PoorTeam).GetSumLong());

        var durations = Points(harness, "gen_ai.server.request.duration", "s");
        Assert.Contains(durations, p => Tag(p, "error.type") == "500");
        Assert.Contains(durations, p => Tag(p, "error.type") is null);
        Assert.DoesNotContain(Points(harness, "gen_ai.server.time_to_first_token", "s"), p => Tag(p, "error.type") is not null);

        var failover = Assert.Single(Points(harness, "aigw.failover.attempts", "{attempt}"), p => Tag(p, "aigw.route") == "tel-mini");
        Assert.Equal("openai-mini", Tag(failover, "aigw.backend"));
    }

    [Fact]
    public async Task RecordGuardrailDecision_IsCountedByGuardrailAndAction()
    {
        await using var harness = await TelemetryHarness.StartAsync();
        var metrics = harness.Processor.Services.GetRequiredService<GatewayMetrics>();

        metrics.RecordGuardrailDecision("pii", "email", "request", "mask", harness.Team, "tel-mini");
        metrics.RecordGuardrailDecision("pii", "email", "request", "mask", harness.Team, "tel-mini");
        metrics.RecordGuardrailDecision("deny-list", "words", "response", "block", harness.Team, "tel-mini");
        harness.FlushMetrics();

        var decisions = Points(harness, "aigw.guardrail.decisions", "{decision}");
        Assert.Equal(2, Assert.Single(decisions, p => Tag(p, "aigw.guardrail") == "pii" && Tag(p, "aigw.guardrail.action") == "mask" && Tag(p, "aigw.phase") == "request").GetSumLong());
        Assert.Equal(1, Assert.Single(decisions, p => Tag(p, "aigw.guardrail") == "deny-list" && Tag(p, "aigw.guardrail.action") == "block").GetSumLong());
    }

    [Fact]
    public async Task StageDurationSamplingZero_NoStageIsTimed_RequestsStillCounted()
    {
        await using var harness = await TelemetryHarness.StartAsync(stageSampling: 0);

        await harness.RequestAsync("met-unsampled", TelemetryHarness.ChatBody(stream: false), ["openai-mini"]);
        harness.FlushMetrics();

        Assert.Equal(1, Assert.Single(Points(harness, "aigw.requests", "{request}")).GetSumLong());
        Assert.Empty(harness.LastMetric("aigw.processor.stage.duration")?.MetricPoints ?? []);
    }

    internal static MetricSnapshot Snapshot(TelemetryHarness harness, string name, string unit)
    {
        var snapshot = harness.LastMetric(name);
        Assert.True(snapshot is not null, $"metric {name} was not exported");
        Assert.Equal(unit, snapshot.Unit);
        return snapshot;
    }

    /// <summary>Points of this harness's teams only: processors of other tests share the meter name.</summary>
    internal static List<MetricPoint> Points(TelemetryHarness harness, string name, string unit, bool anyTeam = false) =>
        [.. Snapshot(harness, name, unit).MetricPoints.Where(p => Tag(p, "aigw.team") is { } team ? team == harness.Team || (anyTeam && team.StartsWith(harness.Team, StringComparison.Ordinal)) : anyTeam)];

    internal static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return [.. tags.OrderBy(t => t.Key)];
    }

    private static double[] Bounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            if (!double.IsPositiveInfinity(bucket.ExplicitBound))
            {
                bounds.Add(bucket.ExplicitBound);
            }
        }

        return [.. bounds];
    }
}
