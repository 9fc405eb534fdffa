using AiGateway.Processor.Budgets;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Puts usage and cost into Envoy's dynamic metadata (namespace <c>aigw</c>) in the answer to the last response
/// message, so Envoy's own access log prints them (<c>%DYNAMIC_METADATA(aigw:…)%</c>). Envoy merges a response-path
/// answer's <c>dynamic_metadata</c> into the stream's metadata when <c>aigw</c> is a receiving namespace
/// (ext-proc-protocol.md §3.12). Runs after response translation, which has then copied the final usage.
/// </summary>
internal sealed class UsageMetadataStage : IExchangeStage
{
    public ExchangePhases Phases => ExchangePhases.ResponseHeaders | ExchangePhases.ResponseBody;

    public FilterLevel Levels => FilterLevel.Router;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (!context.EndOfStream || exchange.Routed is null)
        {
            return ValueTask.FromResult(StageResult.Continue);
        }

        var usage = exchange.Usage ?? default;
        context.SetMetadata("team", exchange.Caller?.Team ?? "");
        context.SetMetadata("model", exchange.Model ?? "");
        context.SetMetadata("backend", exchange.Routed.LastAttempt?.BackendName ?? "");
        context.SetMetadata("input_tokens", usage.InputTokens);
        context.SetMetadata("output_tokens", usage.OutputTokens);
        context.SetMetadata("cache_read_tokens", usage.CacheReadTokens);
        context.SetMetadata("cache_write_tokens", usage.CacheWriteTokens);
        context.SetMetadata("reasoning_tokens", usage.ReasoningTokens);
        if (exchange.UsageEstimated)
        {
            // Only on the rare cut stream (adr/019): the usual answer carries no extra field.
            context.SetMetadata("usage_estimated", "true");
        }

        // The same computation the settlement makes when the stream ends (ExchangeCost), as a JSON number.
        context.SetMetadata("cost_usd", (double)UsageRecordWriter.Usd(ExchangeCost.Final(exchange).TotalMicroUsd));
        return ValueTask.FromResult(StageResult.Continue);
    }
}
