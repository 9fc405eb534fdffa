using System.Text.Json;
using StackExchange.Redis;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Admission and settlement for many replicas as one Lua script each (issue 7: admission with Redis ≤ 1 round trip):
/// the rate-limit buckets (token buckets, adr/009-rate-limits.md) and the budget scopes (adr/006) are checked, then
/// all written, atomically. The budget ledger and the rate limiter are this store with only one half in use. All
/// keys carry the <c>{aigw}</c> hash tag (one cluster slot). Amounts are integers, exact in Lua's doubles up to 2^53.
/// </summary>
internal sealed class RedisAdmissionStore : IAdmissionStore
{
    public const string ExpiryKey = "{aigw}:reservations:expiry";

    // KEYS: r buckets, n scopes, then (n > 0) the reservation and the expiry set. ARGV: now ms, r, n, per bucket
    // (allowance per minute, amount), the reservation amount, per scope its limit, then id, expiry ms, scope keys JSON.
    // Answers {0} admitted, {1, bucket, wait ms or -1 if it never fits}, {2, scope, remaining}. The bucket arithmetic
    // is TokenBucket's.
    private const string AdmitScript = """
        local now, r, n = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local levels, ats = {}, {}
        for i = 1, r do
          local perMinute, amount = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
          local state = redis.call('HMGET', KEYS[i], 'level', 'at')
          local level = tonumber(state[1]) or perMinute
          local at = tonumber(state[2]) or now
          level = math.min(perMinute, level + math.max(0, now - at) * perMinute / 60000)
          if amount > perMinute then return {1, i, -1} end
          if amount > level then return {1, i, math.ceil((amount - level) * 60000 / perMinute)} end
          levels[i] = level - amount
          ats[i] = math.max(now, at)
        end
        local a = 4 + 2 * r
        local amount = tonumber(ARGV[a])
        for i = 1, n do
          local settled = tonumber(redis.call('HGET', KEYS[r + i], 'settled') or '0')
          local reserved = tonumber(redis.call('HGET', KEYS[r + i], 'reserved') or '0')
          local remaining = tonumber(ARGV[a + i]) - settled - reserved
          if amount > remaining then return {2, i, remaining} end
        end
        for i = 1, r do
          local perMinute = tonumber(ARGV[2 + 2 * i])
          redis.call('HSET', KEYS[i], 'level', string.format('%.6f', levels[i]), 'at', string.format('%d', ats[i]))
          redis.call('PEXPIRE', KEYS[i], string.format('%d', math.ceil((perMinute - levels[i]) * 60000 / perMinute) + 1000))
        end
        if n > 0 then
          for i = 1, n do redis.call('HINCRBY', KEYS[r + i], 'reserved', amount) end
          redis.call('HSET', KEYS[r + n + 1], 'amount', amount, 'keys', ARGV[a + n + 3])
          redis.call('ZADD', KEYS[r + n + 2], ARGV[a + n + 2], ARGV[a + n + 1])
        end
        return {0, 0, 0}
        """;

    // KEYS: the expiry set, then for 'settle' the reservation ('' id: none) and r buckets. ARGV: mode, now ms, then for
    // 'settle' id, actual, r, per bucket (allowance per minute, amount to give back; negative takes more).
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
        local now = tonumber(ARGV[2])
        if ARGV[1] == 'expire' then
          local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1000)
          for _, id in ipairs(ids) do settle('{aigw}:reservation:' .. id, id, 0) end
          return #ids
        end
        if ARGV[3] ~= '' then settle(KEYS[2], ARGV[3], tonumber(ARGV[4])) end
        local r = tonumber(ARGV[5])
        for i = 1, r do
          local key = KEYS[2 + i]
          local perMinute, amount = tonumber(ARGV[4 + 2 * i]), tonumber(ARGV[5 + 2 * i])
          local state = redis.call('HMGET', key, 'level', 'at')
          local level = tonumber(state[1]) or perMinute
          local at = tonumber(state[2]) or now
          level = math.min(perMinute, level + math.max(0, now - at) * perMinute / 60000)
          level = math.min(perMinute, level + amount)
          redis.call('HSET', key, 'level', string.format('%.6f', level), 'at', string.format('%d', math.max(now, at)))
          redis.call('PEXPIRE', key, string.format('%d', math.ceil((perMinute - level) * 60000 / perMinute) + 1000))
        end
        return 1
        """;

    private readonly IConnectionMultiplexer _redis;

    public RedisAdmissionStore(IConnectionMultiplexer redis)
    {
        _redis = redis;
    }

    public async ValueTask<AdmissionOutcome> TryAdmitAsync(IReadOnlyList<RateCharge> charges, BudgetReservation? reservation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var r = charges.Count;
        var n = reservation?.Scopes.Count ?? 0;
        var keys = new RedisKey[r + n + (n > 0 ? 2 : 0)];
        var args = new RedisValue[4 + (2 * r) + n + (n > 0 ? 3 : 0)];
        args[0] = now.ToUnixTimeMilliseconds();
        args[1] = r;
        args[2] = n;
        for (var i = 0; i < r; i++)
        {
            keys[i] = BucketKey(charges[i]);
            args[3 + (2 * i)] = charges[i].PerMinute;
            args[4 + (2 * i)] = charges[i].Amount;
        }

        var a = 3 + (2 * r);
        args[a] = reservation?.AmountMicroUsd ?? 0;
        if (reservation is not null)
        {
            for (var i = 0; i < n; i++)
            {
                keys[r + i] = BalanceKey(reservation.Scopes[i]);
                args[a + 1 + i] = reservation.Scopes[i].LimitMicroUsd;
            }

            keys[r + n] = ReservationKey(reservation.Id);
            keys[r + n + 1] = ExpiryKey;
            args[a + n + 1] = reservation.Id;
            args[a + n + 2] = reservation.ExpiresAt.ToUnixTimeMilliseconds();
            args[a + n + 3] = JsonSerializer.Serialize(keys[r..(r + n)].Select(k => k.ToString()).ToArray(), BudgetsJsonContext.Default.StringArray);
        }

        var result = (RedisResult[])(await EvaluateAsync(AdmitScript, keys, args).ConfigureAwait(false))!;
        switch ((int)result[0])
        {
            case 1:
                var waitMs = (long)result[2];
                return new AdmissionOutcome(new RateLimitOutcome(false, charges[(int)result[1] - 1], waitMs < 0 ? null : TimeSpan.FromMilliseconds(waitMs)), ReservationOutcome.Ok);
            case 2:
                return new AdmissionOutcome(RateLimitOutcome.Ok, new ReservationOutcome(false, reservation!.Scopes[(int)result[1] - 1], Math.Max(0, (long)result[2])));
            default:
                return AdmissionOutcome.Ok;
        }
    }

    public async ValueTask SettleAsync(string? reservationId, long actualMicroUsd, IReadOnlyList<RateCharge> returns, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var r = returns.Count;
        var keys = new RedisKey[2 + r];
        var args = new RedisValue[5 + (2 * r)];
        keys[0] = ExpiryKey;

        // A key is always passed for the reservation (cluster routing wants declared keys); with no id it is unused.
        keys[1] = ReservationKey(reservationId ?? "");
        args[0] = "settle";
        args[1] = now.ToUnixTimeMilliseconds();
        args[2] = reservationId ?? "";
        args[3] = actualMicroUsd;
        args[4] = r;
        for (var i = 0; i < r; i++)
        {
            keys[2 + i] = BucketKey(returns[i]);
            args[5 + (2 * i)] = returns[i].PerMinute;
            args[6 + (2 * i)] = returns[i].Amount;
        }

        await EvaluateAsync(SettleScript, keys, args).ConfigureAwait(false);
    }

    /// <summary>Releases reservations whose time is up (at most 1,000 per call); returns how many.</summary>
    public async ValueTask<int> ExpireAsync(DateTimeOffset now) =>
        (int)(await EvaluateAsync(SettleScript, [ExpiryKey], ["expire", now.ToUnixTimeMilliseconds()]).ConfigureAwait(false));

    public static RedisKey BalanceKey(BudgetScope scope) => $"{{aigw}}:budget:{scope.Key}";

    private static RedisKey ReservationKey(string id) => $"{{aigw}}:reservation:{id}";

    private static RedisKey BucketKey(RateCharge charge) => $"{{aigw}}:rate:{charge.Key}";

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
