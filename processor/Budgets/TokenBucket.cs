namespace AiGateway.Processor.Budgets;

/// <summary>
/// Token-bucket arithmetic shared by the in-memory limiter (the Redis script repeats it in Lua): a bucket holds at
/// most one minute's allowance and refills continuously at allowance / 60 s. A bucket never seen is full.
/// </summary>
internal static class TokenBucket
{
    public const double WindowMilliseconds = 60_000;

    /// <summary>The level at <paramref name="nowMs"/> after refilling since <paramref name="atMs"/> (a clock going back refills nothing).</summary>
    public static double Refill(double level, long atMs, long nowMs, long perMinute) =>
        Math.Min(perMinute, level + (Math.Max(0, nowMs - atMs) * perMinute / WindowMilliseconds));

    /// <summary>How long until <paramref name="amount"/> fits, from <paramref name="level"/>.</summary>
    public static TimeSpan Wait(double level, long amount, long perMinute) =>
        TimeSpan.FromMilliseconds(Math.Ceiling((amount - level) * WindowMilliseconds / perMinute));
}
