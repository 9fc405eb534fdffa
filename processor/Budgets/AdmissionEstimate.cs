using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// The worst case of a request in tokens, computed once per request and shared by rate limiting and budget admission:
/// counted input tokens (conservative, adr/017-admission-token-estimate.md) and the requested, model default or
/// fallback max tokens.
/// </summary>
internal sealed record AdmissionEstimate(int InputTokens, int MaxTokens)
{
    public long TotalTokens => (long)InputTokens + MaxTokens;

    /// <summary>The estimate of the request in <paramref name="context"/> (needs the exchange's model).</summary>
    public static AdmissionEstimate Of(PhaseContext context, ChatTokenEstimator estimator)
    {
        var exchange = context.Exchange;
        if (exchange.AdmissionEstimate is { } known)
        {
            return known;
        }

        var config = exchange.Snapshot.Config;
        var model = config.Models[exchange.Model!];
        AdmissionEstimate estimate;

        // The request the model route stage parsed once (chat endpoints): counted part by part, never re-read.
        if (exchange.Routed?.Parsed is { } parsed)
        {
            var maxTokens = parsed.MaxTokens is int requested && requested > 0 ? requested : model.DefaultMaxTokens ?? AdmissionStage.FallbackMaxTokens;
            estimate = new AdmissionEstimate(estimator.Estimate(parsed.Chat, ChatTokenEstimator.Factor(config, model)), maxTokens);
        }
        else
        {
            var maxTokens = AdmissionStage.MaxTokens(context.Body.Span) ?? model.DefaultMaxTokens ?? AdmissionStage.FallbackMaxTokens;
            estimate = new AdmissionEstimate(InputTokenEstimator.Estimate(context.Body.Span), maxTokens);
        }

        exchange.AdmissionEstimate = estimate;
        return estimate;
    }
}
