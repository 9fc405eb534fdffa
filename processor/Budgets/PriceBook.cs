using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Prices of backend models over time and the cost of token counts in exact micro-USD. A price in USD per million
/// tokens is exactly micro-USD per token, so cost = Σ tokens × price, rounded up once at the end.
/// </summary>
internal static class PriceBook
{
    /// <summary>The price in force at <paramref name="at"/>, or null when the backend has none yet.</summary>
    public static PriceConfig? PriceAt(BackendConfig backend, DateTimeOffset at)
    {
        PriceConfig? current = null;
        foreach (var price in backend.Pricing)
        {
            if (price.EffectiveFrom <= at)
            {
                current = price;
            }
        }

        return current;
    }

    public static long CostMicroUsd(PriceConfig? price, long input, long output, long cacheRead = 0, long cacheWrite = 0, long reasoning = 0)
    {
        if (price is null)
        {
            return 0;
        }

        // Reasoning tokens are part of output on every provider's usage; when priced apart, they are moved out of it.
        var reasoningPrice = price.Reasoning ?? price.Output;
        var plainOutput = Math.Max(0, output - reasoning);
        var cost = (input * price.Input) + (plainOutput * price.Output) + (reasoning * reasoningPrice)
            + (cacheRead * price.CacheRead) + (cacheWrite * price.CacheWrite);
        return (long)decimal.Ceiling(cost);
    }
}
