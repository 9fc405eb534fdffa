using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// The worst case of a request in tokens, computed once per request and shared by rate limiting and budget admission:
/// counted input tokens (conservative) and the requested, model default or fallback max tokens.
/// </summary>
internal sealed record AdmissionEstimate(int InputTokens, int MaxTokens)
{
    public long TotalTokens => (long)InputTokens + MaxTokens;

    /// <summary>The estimate of the request in <paramref name="context"/>'s body (needs the exchange's model).</summary>
    public static AdmissionEstimate Of(PhaseContext context)
    {
        var exchange = context.Exchange;
        if (exchange.AdmissionEstimate is { } known)
        {
            return known;
        }

        var model = exchange.Snapshot.Config.Models[exchange.Model!];
        var maxTokens = BudgetAdmissionStage.MaxTokens(context.Body.Span) ?? model.DefaultMaxTokens ?? BudgetAdmissionStage.FallbackMaxTokens;
        var estimate = new AdmissionEstimate(InputTokenEstimator.Estimate(context.Body.Span), maxTokens);
        exchange.AdmissionEstimate = estimate;
        return estimate;
    }
}
