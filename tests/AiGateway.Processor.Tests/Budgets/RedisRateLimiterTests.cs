using AiGateway.Processor.Budgets;
using AiGateway.Processor.Tests.Infrastructure;
using StackExchange.Redis;

namespace AiGateway.Processor.Tests.Budgets;

public sealed class RedisRateLimiterTests : RateLimiterContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisServer _redis;
    private ConnectionMultiplexer? _connection;

    public RedisRateLimiterTests(RedisServer redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task TryAcquire_RedisDown_IsReportedAsUnavailable()
    {
        await using var down = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { "127.0.0.1:1" }, AbortOnConnectFail = false, ConnectTimeout = 200, AsyncTimeout = 500 });
        var limiter = new RedisRateLimiter(down);

        await Assert.ThrowsAsync<LedgerUnavailableException>(async () =>
            await limiter.TryAcquireAsync([new RateCharge("team:down", RateUnit.Requests, 1, 1)], DateTimeOffset.UtcNow, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
    }

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private protected override Task<IRateLimiter> CreateLimiterAsync() => Task.FromResult<IRateLimiter>(new RedisRateLimiter(_connection!));
}
