using System.Collections.Concurrent;
using System.Diagnostics;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Routing;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// One span per client request, named <c>chat {model}</c> (gen-ai-spans.md: <c>{gen_ai.operation.name}
/// {gen_ai.request.model}</c>), whose parent is the client's <c>traceparent</c> (W3C Trace Context; Envoy forwards the
/// header), so the gateway's spans join the agent's trace. Each upstream attempt gets a child span
/// <c>attempt {backend}</c>; ledger, Secrets Manager and guardrail calls become children of whichever is current.
/// Runs after <see cref="RequestIdStage"/>, which the attempts use to find their request's span.
/// </summary>
internal sealed class RequestTraceStage : IExchangeStage, IExchangeEndObserver
{
    private readonly ConcurrentDictionary<string, Activity> _requests = new(StringComparer.Ordinal);

    public ExchangePhases Phases => ExchangePhases.RequestHeaders;

    public FilterLevel Levels => FilterLevel.Router | FilterLevel.Upstream;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        if (!GatewayTracing.Source.HasListeners())
        {
            return ValueTask.FromResult(StageResult.Continue);
        }

        var exchange = context.Exchange;
        if (exchange.Level == FilterLevel.Router)
        {
            context.TryGetHeader("traceparent", out var traceParent);
            context.TryGetHeader("tracestate", out var traceState);
            ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);

            // Without a client traceparent the span is a root: never a child of the long-lived ext_proc gRPC call.
            Activity.Current = null;
            var activity = GatewayTracing.Source.StartActivity(GenAiTags.ChatOperation, ActivityKind.Server, parent);
            if (activity is not null && exchange.RequestId is { } requestId)
            {
                activity.SetTag("aigw.request_id", requestId);
                _requests[requestId] = activity;
            }

            exchange.Activity = activity;
        }
        else if (exchange.RequestId is { } requestId && _requests.TryGetValue(requestId, out var request))
        {
            context.TryGetAttribute(UpstreamAttemptStage.BackendAttribute, out var backend);
            var attempt = GatewayTracing.Source.StartActivity($"attempt {backend}", ActivityKind.Internal, request.Context);
            attempt?.SetTag(TelemetryNames.Backend, backend);
            exchange.Activity = attempt;
        }

        return ValueTask.FromResult(StageResult.Continue);
    }

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Activity is not { } activity)
        {
            return;
        }

        exchange.Activity = null;
        if (exchange.Level == FilterLevel.Upstream)
        {
            if (exchange.Attempt is { Status: > 0 } attempt)
            {
                activity.SetTag("http.response.status_code", attempt.Status);
            }

            activity.Stop();
            return;
        }

        if (exchange.RequestId is { } requestId)
        {
            _requests.TryRemove(new KeyValuePair<string, Activity>(requestId, activity));
        }

        var model = exchange.Routed?.Parsed?.Model ?? exchange.Model;
        if (model is not null)
        {
            activity.DisplayName = $"{GenAiTags.ChatOperation} {model}";
        }

        foreach (var tag in GenAiTags.For(exchange))
        {
            activity.SetTag(tag.Key, tag.Value);
        }

        if (exchange.Usage is { } usage)
        {
            activity.SetTag("gen_ai.usage.input_tokens", usage.TotalInputTokens);
            activity.SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
        }

        if (exchange.ResponseEnd.FinishReason is { } finish)
        {
            activity.SetTag("gen_ai.response.finish_reasons", new[] { FinishReasonNames.Name(finish) });
        }

        activity.SetTag(TelemetryNames.Outcome, exchange.Outcome);
        if (exchange.Outcome != "ok")
        {
            activity.SetStatus(ActivityStatusCode.Error, GenAiTags.ErrorType(exchange));
        }

        activity.Stop();
    }
}
