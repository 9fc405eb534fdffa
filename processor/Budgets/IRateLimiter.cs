namespace AiGateway.Processor.Budgets;

/// <summary>
/// Requests- and tokens-per-minute buckets (adr/009-rate-limits.md). Time comes from the caller (the injected
/// TimeProvider), so windows are deterministic in tests and every replica of a shared store uses one clock model.
/// </summary>
internal interface IRateLimiter
{
    /// <summary>Takes every charge's amount from its bucket, or nothing at all if any bucket lacks room.</summary>
    ValueTask<RateLimitOutcome> TryAcquireAsync(IReadOnlyList<RateCharge> charges, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives each charge's amount back (capped at a full bucket); a negative amount takes more (settlement of real usage).</summary>
    ValueTask ReturnAsync(IReadOnlyList<RateCharge> charges, DateTimeOffset now, CancellationToken cancellationToken);
}
