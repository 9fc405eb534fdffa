using StackExchange.Redis;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// The shared ledger for many replicas: Redis, one Lua script per operation (<see cref="RedisAdmissionStore"/>), so a
/// reservation checks and holds every scope (key and team) atomically in one round trip. All keys carry the
/// <c>{aigw}</c> hash tag so they live in one cluster slot. Amounts are integers (micro-USD), exact in Lua's doubles up to 2^53.
/// </summary>
internal sealed class RedisBudgetLedger : IBudgetLedger, IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;

    private RedisBudgetLedger(ConnectionMultiplexer redis)
    {
        _redis = redis;
        Admission = new RedisAdmissionStore(redis);
    }

    /// <summary>The connection, shared with the rate limiter (one connection per replica).</summary>
    public IConnectionMultiplexer Connection => _redis;

    /// <summary>Rate limits and budget in one script per admission and per settlement, on this connection.</summary>
    public RedisAdmissionStore Admission { get; }

    public static async Task<RedisBudgetLedger> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        return new RedisBudgetLedger(await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false));
    }

    // Without rate charges the scripts never read the clock: any time will do.
    public async ValueTask<ReservationOutcome> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken) =>
        (await Admission.TryAdmitAsync([], reservation, DateTimeOffset.UnixEpoch, cancellationToken).ConfigureAwait(false)).Budget;

    public ValueTask SettleAsync(string reservationId, long actualMicroUsd, CancellationToken cancellationToken) =>
        Admission.SettleAsync(reservationId, actualMicroUsd, [], DateTimeOffset.UnixEpoch, cancellationToken);

    public async ValueTask<ScopeBalance> BalanceAsync(BudgetScope scope, CancellationToken cancellationToken)
    {
        try
        {
            var values = await _redis.GetDatabase().HashGetAsync(RedisAdmissionStore.BalanceKey(scope), ["settled", "reserved"]).ConfigureAwait(false);
            return new ScopeBalance((long?)values[0] ?? 0, (long?)values[1] ?? 0);
        }
        catch (RedisException e)
        {
            throw new LedgerUnavailableException("Redis ledger unavailable", e);
        }
    }

    public ValueTask<int> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken) => Admission.ExpireAsync(now);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync().ConfigureAwait(false);
}
