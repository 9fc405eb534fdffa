using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// A request's cost by token kind in exact micro-USD, at the price in force when it started (its budget hold's
/// pricing time) for the backend of its last attempt. The budget settlement, the usage record and Envoy's
/// dynamic metadata all use this one computation, so they agree to the micro-dollar (docs/cost-attribution.md).
/// </summary>
internal readonly record struct ExchangeCost(long TotalMicroUsd, decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite, decimal Reasoning, PriceConfig? Price)
{
    /// <summary>
    /// The cost once the usage is final, computed by the first reader and kept on the exchange: the metadata stage at
    /// the last response message, otherwise (a cut stream, a disconnect) the settlement when the stream ends. The usage
    /// record reads the same value, so the three never disagree and the price lookup runs once per request.
    /// </summary>
    public static ExchangeCost Final(Exchange exchange) => exchange.Cost ??= Of(exchange);

    public static ExchangeCost Of(Exchange exchange)
    {
        var pricedAt = exchange.BudgetHold?.PricedAt ?? exchange.StartedAtUtc;
        if (exchange.Usage is not { } usage
            || exchange.Routed?.LastAttempt is not { } backend
            || !exchange.Snapshot.Config.Backends.TryGetValue(backend.BackendName, out var backendConfig))
        {
            return default;
        }

        var price = PriceBook.PriceAt(backendConfig, pricedAt);
        var total = PriceBook.CostMicroUsd(price, usage.InputTokens, usage.OutputTokens, usage.CacheReadTokens, usage.CacheWriteTokens, usage.ReasoningTokens);
        if (price is null)
        {
            return new ExchangeCost(total, 0, 0, 0, 0, 0, null);
        }

        // The same split as PriceBook.CostMicroUsd: reasoning moves out of output when priced apart. Parts are exact
        // (unrounded) micro-USD; only the total is rounded up, once, as the ledger settles it.
        var plainOutput = Math.Max(0, usage.OutputTokens - usage.ReasoningTokens);
        return new ExchangeCost(
            total,
            usage.InputTokens * price.Input,
            plainOutput * price.Output,
            usage.CacheReadTokens * price.CacheRead,
            usage.CacheWriteTokens * price.CacheWrite,
            usage.ReasoningTokens * (price.Reasoning ?? price.Output),
            price);
    }
}
