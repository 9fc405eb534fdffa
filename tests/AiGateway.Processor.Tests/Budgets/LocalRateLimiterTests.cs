using AiGateway.Processor.Budgets;

namespace AiGateway.Processor.Tests.Budgets;

public sealed class LocalRateLimiterTests : RateLimiterContract
{
    private protected override Task<IRateLimiter> CreateLimiterAsync() => Task.FromResult<IRateLimiter>(new LocalRateLimiter());
}
