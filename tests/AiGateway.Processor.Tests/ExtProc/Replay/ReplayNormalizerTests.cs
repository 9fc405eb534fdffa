using AiGateway.Processor.ExtProc.Replay;

namespace AiGateway.Processor.Tests.ExtProc.Replay;

public sealed class ReplayNormalizerTests
{
    // "retry-after: 120" and "x-should-retry: false", base64 as in recordings.
    private const string RetryAfter = """{ "header": { "key": "retry-after", "rawValue": "MTIw" }, "append": false }""";
    private const string ShouldRetry = """{ "header": { "key": "x-should-retry", "rawValue": "ZmFsc2U=" }, "append": false }""";

    [Fact]
    public void Normalize_BudgetRefusalWithAndWithoutRetryAfter_CompareEqual()
    {
        var nearReset = ImmediateResponse("aigw_budget_exceeded", ShouldRetry, RetryAfter);
        var farFromReset = ImmediateResponse("aigw_budget_exceeded", ShouldRetry);

        Assert.Equal(ReplayNormalizer.Normalize(farFromReset), ReplayNormalizer.Normalize(nearReset));
        Assert.DoesNotContain("retry-after", ReplayNormalizer.Normalize(nearReset), StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_RateLimitRefusalWithoutRetryAfter_StillDiffers()
    {
        var limited = ImmediateResponse("aigw_rate_limited", ShouldRetry, RetryAfter);
        var tooLarge = ImmediateResponse("aigw_rate_limited", ShouldRetry);

        Assert.NotEqual(ReplayNormalizer.Normalize(tooLarge), ReplayNormalizer.Normalize(limited));
        Assert.Contains("retry-after", ReplayNormalizer.Normalize(limited), StringComparison.Ordinal);
    }

    private static string ImmediateResponse(string details, params string[] headers) =>
        $$"""{ "immediateResponse": { "status": { "code": "TooManyRequests" }, "headers": { "setHeaders": [ {{string.Join(", ", headers)}} ] }, "details": "{{details}}" } }""";
}
