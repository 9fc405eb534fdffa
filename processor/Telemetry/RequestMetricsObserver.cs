using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Guardrails;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Records the GenAI and gateway metrics of a client request when its router-level stream ends, however it ends.
/// Runs after settlement (registration order) so the cost is the settled one.
/// </summary>
internal sealed class RequestMetricsObserver : IExchangeEndObserver
{
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;

    public RequestMetricsObserver(GatewayMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _time = time;
    }

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level != FilterLevel.Router || exchange.Endpoint is ClientEndpoint.Unknown or ClientEndpoint.Models)
        {
            return;
        }

        var outcome = exchange.Outcome;
        var route = exchange.Model;
        var backend = exchange.Routed?.LastAttempt?.BackendName;
        _metrics.RecordRequest(outcome, UsageRecordWriter.Api(exchange.Endpoint), exchange.Caller?.Team, route, backend);
        if (exchange.Routed is { } routed)
        {
            var attempts = routed.Attempts();
            for (var i = 1; i < attempts.Count; i++)
            {
                _metrics.RecordFailoverAttempt(exchange.Caller?.Team, route, attempts[i].BackendName);
            }
        }

        foreach (var decision in exchange.GuardrailDecisions)
        {
            _metrics.RecordGuardrailDecision(decision.Policy, decision.Rule, DirectionName(decision.Direction), ActionName(decision.Action), exchange.Caller?.Team, route);
        }

        if (exchange.GuardrailFirstTokenDelay is { } held)
        {
            _metrics.RecordGuardrailFirstTokenDelay(held.TotalSeconds, exchange.Caller?.Team, route);
        }

        if (exchange.CostMicroUsd is > 0 and var cost)
        {
            _metrics.RecordCost(cost / 1_000_000m, exchange.Caller?.Team, route);
        }

        // The gen_ai.* instruments describe model calls: only requests that reached a provider.
        if (exchange.Endpoint == ClientEndpoint.AnthropicCountTokens || exchange.Routed?.LastAttempt is null)
        {
            return;
        }

        var end = _time.GetTimestamp();
        var tags = GenAiTags.For(exchange);
        _metrics.RecordRequestDuration(_time.GetElapsedTime(exchange.StartedAt, end).TotalSeconds, tags);
        if (exchange.Usage is { } usage)
        {
            // gen_ai.token.type input counts every prompt token, cached or not (semconv: input tokens SHOULD include
            // cached tokens); cache_read, cache_write and reasoning are documented subsets of input and output.
            _metrics.RecordTokens(usage.TotalInputTokens, TelemetryNames.TokenInput, tags);
            _metrics.RecordTokens(usage.OutputTokens, TelemetryNames.TokenOutput, tags);
            RecordSubset(usage.CacheReadTokens, TelemetryNames.TokenCacheRead, tags);
            RecordSubset(usage.CacheWriteTokens, TelemetryNames.TokenCacheWrite, tags);
            RecordSubset(usage.ReasoningTokens, TelemetryNames.TokenReasoning, tags);
        }

        // Time to first token and per output token are defined for successful responses only.
        if (outcome != "ok" || exchange.FirstResponseBodyAt == 0)
        {
            return;
        }

        _metrics.RecordTimeToFirstToken(_time.GetElapsedTime(exchange.StartedAt, exchange.FirstResponseBodyAt).TotalSeconds, tags);
        var output = exchange.Usage?.OutputTokens ?? 0;
        if (exchange.ResponseStreamed && output > 1)
        {
            var generating = _time.GetElapsedTime(exchange.FirstResponseBodyAt, end).TotalSeconds;
            _metrics.RecordTimePerOutputToken(generating / (output - 1), tags);
        }
    }

    private static string DirectionName(GuardrailDirection direction) => direction == GuardrailDirection.Request ? "request" : "response";

    private static string ActionName(GuardrailAction action) => action switch
    {
        GuardrailAction.Detect => "detect",
        GuardrailAction.Mask => "mask",
        _ => "block",
    };

    private void RecordSubset(long count, string tokenType, System.Diagnostics.TagList tags)
    {
        if (count > 0)
        {
            _metrics.RecordTokens(count, tokenType, tags);
        }
    }
}
