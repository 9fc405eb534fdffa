using AiGateway.Processor.Budgets;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>What every rate limiter must do (token buckets, adr/009), run against each implementation; time is a FakeTimeProvider.</summary>
public abstract class RateLimiterContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    // Owners are unique per test: a shared Redis keeps buckets between tests of a class.
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private protected abstract Task<IRateLimiter> CreateLimiterAsync();

    [Fact]
    public async Task TryAcquire_RequestsPerMinute_AllowsTheMinutesAllowance_ThenRefusesUntilItRefills()
    {
        var limiter = await CreateLimiterAsync();
        var rpm = Charge("team:a", RateUnit.Requests, 60, 1);

        for (var i = 0; i < 60; i++)
        {
            Assert.True((await AcquireAsync(limiter, rpm)).Accepted, $"request {i + 1} of 60");
        }

        var refused = await AcquireAsync(limiter, rpm);
        Assert.False(refused.Accepted);
        Assert.Equal(rpm, refused.Exhausted);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False((await AcquireAsync(limiter, rpm)).Accepted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await AcquireAsync(limiter, rpm)).Accepted);
    }

    [Fact]
    public async Task TryAcquire_PartlyRefilled_WaitIsTheTimeUntilTheAmountFits()
    {
        var limiter = await CreateLimiterAsync();
        var tpm = Charge("team:b", RateUnit.Tokens, 600, 600);
        Assert.True((await AcquireAsync(limiter, tpm)).Accepted);

        _time.Advance(TimeSpan.FromSeconds(30));
        var refused = await AcquireAsync(limiter, tpm with { Amount = 400 });

        // 600 per minute refills 10 per second: 300 after 30 s, so 400 fits 10 s later.
        Assert.False(refused.Accepted);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.RetryAfter);
        Assert.True((await AcquireAsync(limiter, tpm with { Amount = 300 })).Accepted);
    }

    [Fact]
    public async Task TryAcquire_KeyAndTeam_AreTakenTogetherOrNotAtAll()
    {
        var limiter = await CreateLimiterAsync();
        var team = Charge("team:c", RateUnit.Tokens, 1000, 200);
        var key = Charge("key:k", RateUnit.Tokens, 300, 200);

        Assert.True((await AcquireAsync(limiter, key, team)).Accepted);
        var refused = await AcquireAsync(limiter, key, team);

        Assert.False(refused.Accepted);
        Assert.Equal(key, refused.Exhausted);
        Assert.True((await AcquireAsync(limiter, team with { Amount = 800 })).Accepted, "the refused request took nothing from the team");
        Assert.False((await AcquireAsync(limiter, team with { Amount = 1 })).Accepted);
    }

    [Fact]
    public async Task TryAcquire_MoreThanAWholeMinute_IsRefusedWithoutAWait()
    {
        var limiter = await CreateLimiterAsync();

        var refused = await AcquireAsync(limiter, Charge("team:d", RateUnit.Tokens, 500, 501));

        Assert.False(refused.Accepted);
        Assert.Null(refused.RetryAfter);
    }

    [Fact]
    public async Task Return_SettlesToRealUsage_UnusedGoesBack_OveruseIsTaken()
    {
        var limiter = await CreateLimiterAsync();
        var tpm = Charge("team:e", RateUnit.Tokens, 1000, 1000);
        Assert.True((await AcquireAsync(limiter, tpm)).Accepted);

        await limiter.ReturnAsync([tpm with { Amount = 600 }], _time.GetUtcNow(), CancellationToken.None);
        Assert.True((await AcquireAsync(limiter, tpm with { Amount = 600 })).Accepted);

        // Used 100 more than reserved: the bucket goes 100 below empty; 1 token fits once 101 have refilled (6.06 s at 1000/min).
        await limiter.ReturnAsync([tpm with { Amount = -100 }], _time.GetUtcNow(), CancellationToken.None);
        var refused = await AcquireAsync(limiter, tpm with { Amount = 1 });
        Assert.Equal(TimeSpan.FromMilliseconds(6060), refused.RetryAfter);

        await limiter.ReturnAsync([tpm with { Amount = 5000 }], _time.GetUtcNow(), CancellationToken.None);
        Assert.True((await AcquireAsync(limiter, tpm with { Amount = 1000 })).Accepted, "a return fills at most to a full minute");
        Assert.False((await AcquireAsync(limiter, tpm with { Amount = 1 })).Accepted);
    }

    [Fact]
    public async Task TryAcquire_64Concurrent_ExactlyTheAllowanceIsAdmitted()
    {
        var limiter = await CreateLimiterAsync();
        var team = Charge("team:f", RateUnit.Requests, 10, 1);
        var tokens = Charge("team:f", RateUnit.Tokens, 100_000, 1000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await AcquireAsync(limiter, team, tokens))));

        Assert.Equal(10, outcomes.Count(o => o.Accepted));
        Assert.True((await AcquireAsync(limiter, tokens with { Amount = 90_000 })).Accepted, "refused requests took no tokens");
        Assert.False((await AcquireAsync(limiter, tokens with { Amount = 1 })).Accepted);
    }

    private RateCharge Charge(string owner, RateUnit unit, long perMinute, long amount) => new($"{owner}-{_run}", unit, perMinute, amount);

    private async Task<RateLimitOutcome> AcquireAsync(IRateLimiter limiter, params RateCharge[] charges) =>
        await limiter.TryAcquireAsync(charges, _time.GetUtcNow(), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
