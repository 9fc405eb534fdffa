using StackExchange.Redis;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Rate-limit buckets shared by many replicas: one Lua script per charge or return, so the check and the take across
/// key and team are atomic in one round trip. It uses the budget ledger's Redis connection and the <c>{aigw}</c> hash
/// tag. Buckets expire once they would be full again (a full bucket and a missing one mean the same).
/// </summary>
internal sealed class RedisRateLimiter : IRateLimiter
{
    // The same arithmetic as TokenBucket. KEYS: one bucket per charge. ARGV[1]: 'acquire' or 'return'; ARGV[2]: now
    // in ms (the gateway's clock, so tests can drive it); then per charge: allowance per minute, amount.
    private const string Script = """
        local now = tonumber(ARGV[2])
        local levels, ats = {}, {}
        for i = 1, #KEYS do
          local perMinute = tonumber(ARGV[1 + 2 * i])
          local amount = tonumber(ARGV[2 + 2 * i])
          local state = redis.call('HMGET', KEYS[i], 'level', 'at')
          local level = tonumber(state[1]) or perMinute
          local at = tonumber(state[2]) or now
          level = math.min(perMinute, level + math.max(0, now - at) * perMinute / 60000)
          if ARGV[1] == 'acquire' then
            if amount > perMinute then return {i, -1} end
            if amount > level then return {i, math.ceil((amount - level) * 60000 / perMinute)} end
            level = level - amount
          else
            level = math.min(perMinute, level + amount)
          end
          levels[i] = level
          ats[i] = math.max(now, at)
        end
        for i = 1, #KEYS do
          local perMinute = tonumber(ARGV[1 + 2 * i])
          redis.call('HSET', KEYS[i], 'level', string.format('%.6f', levels[i]), 'at', string.format('%d', ats[i]))
          redis.call('PEXPIRE', KEYS[i], string.format('%d', math.ceil((perMinute - levels[i]) * 60000 / perMinute) + 1000))
        end
        return {0, 0}
        """;

    private readonly IConnectionMultiplexer _redis;

    public RedisRateLimiter(IConnectionMultiplexer redis)
    {
        _redis = redis;
    }

    public async ValueTask<RateLimitOutcome> TryAcquireAsync(IReadOnlyList<RateCharge> charges, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await EvaluateAsync("acquire", charges, now).ConfigureAwait(false))!;
        var exhausted = (int)result[0];
        if (exhausted == 0)
        {
            return RateLimitOutcome.Ok;
        }

        var waitMs = (long)result[1];
        return new RateLimitOutcome(false, charges[exhausted - 1], waitMs < 0 ? null : TimeSpan.FromMilliseconds(waitMs));
    }

    public async ValueTask ReturnAsync(IReadOnlyList<RateCharge> charges, DateTimeOffset now, CancellationToken cancellationToken) =>
        await EvaluateAsync("return", charges, now).ConfigureAwait(false);

    private async Task<RedisResult> EvaluateAsync(string mode, IReadOnlyList<RateCharge> charges, DateTimeOffset now)
    {
        var keys = new RedisKey[charges.Count];
        var args = new RedisValue[2 + (2 * charges.Count)];
        args[0] = mode;
        args[1] = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < charges.Count; i++)
        {
            keys[i] = $"{{aigw}}:rate:{charges[i].Key}";
            args[2 + (2 * i)] = charges[i].PerMinute;
            args[3 + (2 * i)] = charges[i].Amount;
        }

        try
        {
            return await _redis.GetDatabase().ScriptEvaluateAsync(Script, keys, args).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new LedgerUnavailableException("Redis rate limiter unavailable", e);
        }
    }
}
