namespace AiGateway.Processor.Budgets;

/// <summary>The tokens a request took from its tokens-per-minute buckets at admission, settled to the real count when it ends.</summary>
internal sealed record RateLimitHold(IReadOnlyList<RateCharge> TokenCharges, long ReservedTokens);
