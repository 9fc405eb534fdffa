namespace AiGateway.Processor.Budgets;

/// <summary>
/// The answer to a rate-limit charge: accepted, or refused naming the first bucket without room and how long until it
/// has room (<see cref="RetryAfter"/>); a null wait means the charge is larger than the whole per-minute allowance.
/// </summary>
internal sealed record RateLimitOutcome(bool Accepted, RateCharge? Exhausted = null, TimeSpan? RetryAfter = null)
{
    public static readonly RateLimitOutcome Ok = new(true);
}
