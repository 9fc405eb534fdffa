using System.Text.Json;
using StackExchange.Redis;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// The shared ledger for many replicas: Redis, one Lua script per operation, so a reservation checks and holds every
/// scope (key and team) atomically in one round trip. All keys carry the <c>{aigw}</c> hash tag so they live in one
/// cluster slot. Amounts are integers (micro-USD), exact in Lua's doubles up to 2^53.
/// </summary>
internal sealed class RedisBudgetLedger : IBudgetLedger, IAsyncDisposable
{
    private const string ExpiryKey = "{aigw}:reservations:expiry";

    private const string ReserveScript = """
        local n = #KEYS - 2
        local amount = tonumber(ARGV[1])
        for i = 1, n do
          local settled = tonumber(redis.call('HGET', KEYS[i], 'settled') or '0')
          local reserved = tonumber(redis.call('HGET', KEYS[i], 'reserved') or '0')
          local remaining = tonumber(ARGV[i + 1]) - settled - reserved
          if amount > remaining then return {i, remaining} end
        end
        for i = 1, n do redis.call('HINCRBY', KEYS[i], 'reserved', amount) end
        redis.call('HSET', KEYS[n + 1], 'amount', amount, 'keys', ARGV[n + 4])
        redis.call('ZADD', KEYS[n + 2], ARGV[n + 3], ARGV[n + 2])
        return {0, 0}
        """;

    private const string SettleScript = """
        local function settle(reservationKey, id, actual)
          local amount = redis.call('HGET', reservationKey, 'amount')
          if not amount then return 0 end
          for _, k in ipairs(cjson.decode(redis.call('HGET', reservationKey, 'keys'))) do
            redis.call('HINCRBY', k, 'reserved', -tonumber(amount))
            redis.call('HINCRBY', k, 'settled', actual)
          end
          redis.call('DEL', reservationKey)
          redis.call('ZREM', KEYS[1], id)
          return 1
        end
        if ARGV[1] == 'settle' then
          return settle(KEYS[2], ARGV[2], tonumber(ARGV[3]))
        end
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, 1000)
        for _, id in ipairs(ids) do settle('{aigw}:reservation:' .. id, id, 0) end
        return #ids
        """;

    private readonly ConnectionMultiplexer _redis;

    private RedisBudgetLedger(ConnectionMultiplexer redis)
    {
        _redis = redis;
    }

    /// <summary>The connection, shared with the rate limiter (one connection per replica).</summary>
    public IConnectionMultiplexer Connection => _redis;

    public static async Task<RedisBudgetLedger> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        return new RedisBudgetLedger(await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false));
    }

    public async ValueTask<ReservationOutcome> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken)
    {
        var n = reservation.Scopes.Count;
        var keys = new RedisKey[n + 2];
        var args = new RedisValue[n + 4];
        args[0] = reservation.AmountMicroUsd;
        for (var i = 0; i < n; i++)
        {
            keys[i] = BalanceKey(reservation.Scopes[i]);
            args[i + 1] = reservation.Scopes[i].LimitMicroUsd;
        }

        keys[n] = ReservationKey(reservation.Id);
        keys[n + 1] = ExpiryKey;
        args[n + 1] = reservation.Id;
        args[n + 2] = reservation.ExpiresAt.ToUnixTimeMilliseconds();
        args[n + 3] = JsonSerializer.Serialize(keys[..n].Select(k => k.ToString()).ToArray(), BudgetsJsonContext.Default.StringArray);
        var result = (RedisResult[])(await EvaluateAsync(ReserveScript, keys, args).ConfigureAwait(false))!;
        var exhausted = (int)result[0];
        return exhausted == 0 ? ReservationOutcome.Ok : new ReservationOutcome(false, reservation.Scopes[exhausted - 1], Math.Max(0, (long)result[1]));
    }

    public async ValueTask SettleAsync(string reservationId, long actualMicroUsd, CancellationToken cancellationToken) =>
        await EvaluateAsync(SettleScript, [ExpiryKey, ReservationKey(reservationId)], ["settle", reservationId, actualMicroUsd]).ConfigureAwait(false);

    public async ValueTask<ScopeBalance> BalanceAsync(BudgetScope scope, CancellationToken cancellationToken)
    {
        try
        {
            var values = await _redis.GetDatabase().HashGetAsync(BalanceKey(scope), ["settled", "reserved"]).ConfigureAwait(false);
            return new ScopeBalance((long?)values[0] ?? 0, (long?)values[1] ?? 0);
        }
        catch (RedisException e)
        {
            throw new LedgerUnavailableException("Redis ledger unavailable", e);
        }
    }

    public async ValueTask<int> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        (int)(await EvaluateAsync(SettleScript, [ExpiryKey], ["expire", now.ToUnixTimeMilliseconds()]).ConfigureAwait(false));

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync().ConfigureAwait(false);

    private static RedisKey BalanceKey(BudgetScope scope) => $"{{aigw}}:budget:{scope.Key}";

    private static RedisKey ReservationKey(string id) => $"{{aigw}}:reservation:{id}";

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await _redis.GetDatabase().ScriptEvaluateAsync(script, keys, args).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new LedgerUnavailableException("Redis ledger unavailable", e);
        }
    }
}
