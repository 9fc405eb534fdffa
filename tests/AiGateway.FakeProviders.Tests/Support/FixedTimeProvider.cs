namespace AiGateway.FakeProviders.Tests.Support;

/// <summary>A clock stopped at one instant, so SigV4 vectors dated 2024 stay within the allowed skew.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
