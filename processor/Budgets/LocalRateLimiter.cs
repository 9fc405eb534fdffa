namespace AiGateway.Processor.Budgets;

/// <summary>
/// Rate-limit buckets in process memory, for a single replica (the SQLite ledger's companion). Rate limits are about
/// the next minute, not history, so losing them on restart only means starting with full buckets. One lock makes a
/// charge across key and team atomic; it is held for a few dictionary lookups.
/// </summary>
internal sealed class LocalRateLimiter : IRateLimiter
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ValueTask<RateLimitOutcome> TryAcquireAsync(IReadOnlyList<RateCharge> charges, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            foreach (var charge in charges)
            {
                if (charge.Amount > charge.PerMinute)
                {
                    return new(new RateLimitOutcome(false, charge));
                }

                var level = Level(charge, nowMs);
                if (charge.Amount > level)
                {
                    return new(new RateLimitOutcome(false, charge, TokenBucket.Wait(level, charge.Amount, charge.PerMinute)));
                }
            }

            foreach (var charge in charges)
            {
                Store(charge, Level(charge, nowMs) - charge.Amount, nowMs);
            }
        }

        return new(RateLimitOutcome.Ok);
    }

    public ValueTask ReturnAsync(IReadOnlyList<RateCharge> charges, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            foreach (var charge in charges)
            {
                Store(charge, Math.Min(charge.PerMinute, Level(charge, nowMs) + charge.Amount), nowMs);
            }
        }

        return ValueTask.CompletedTask;
    }

    private double Level(RateCharge charge, long nowMs) =>
        _buckets.TryGetValue(charge.Key, out var bucket) ? TokenBucket.Refill(bucket.Level, bucket.AtMs, nowMs, charge.PerMinute) : charge.PerMinute;

    private void Store(RateCharge charge, double level, long nowMs)
    {
        if (_buckets.TryGetValue(charge.Key, out var bucket))
        {
            bucket.Level = level;
            bucket.AtMs = Math.Max(bucket.AtMs, nowMs);
        }
        else
        {
            _buckets[charge.Key] = new Bucket { Level = level, AtMs = nowMs };
        }
    }

    private sealed class Bucket
    {
        public double Level { get; set; }

        public long AtMs { get; set; }
    }
}
