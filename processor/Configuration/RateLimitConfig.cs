namespace AiGateway.Processor.Configuration;

/// <summary>
/// Requests and tokens per minute, enforced as token buckets (adr/009-rate-limits.md): a full minute's allowance
/// may be used at once, and it refills evenly over the minute. Unset means unlimited.
/// </summary>
internal sealed record RateLimitConfig
{
    public int? RequestsPerMinute { get; init; }

    /// <summary>Input plus output tokens (cache reads and writes included); reserved at admission, settled to the real count.</summary>
    public long? TokensPerMinute { get; init; }
}
