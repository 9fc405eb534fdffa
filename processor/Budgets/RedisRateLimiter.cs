using StackExchange.Redis;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Rate-limit buckets shared by many replicas: the admission store's scripts with no budget part, so the check and the
/// take across key and team are atomic in one round trip. It uses the budget ledger's Redis connection and the
/// <c>{aigw}</c> hash tag. Buckets expire once they would be full again (a full bucket and a missing one mean the same).
/// </summary>
internal sealed class RedisRateLimiter : IRateLimiter
{
    private readonly RedisAdmissionStore _store;

    public RedisRateLimiter(IConnectionMultiplexer redis)
    {
        _store = new RedisAdmissionStore(redis);
    }

    public async ValueTask<RateLimitOutcome> TryAcquireAsync(IReadOnlyList<RateCharge> charges, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await _store.TryAdmitAsync(charges, null, now, cancellationToken).ConfigureAwait(false)).Rate;

    public async ValueTask ReturnAsync(IReadOnlyList<RateCharge> charges, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _store.SettleAsync(null, 0, charges, now, cancellationToken).ConfigureAwait(false);
}
