using AiGateway.EnvoyStandIn.Tests.Fakes;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

/// <summary>Route retry_policy with previous_priorities (DESIGN.md §2 failover; ext-proc-protocol.md §2.6 per-attempt filters).</summary>
public sealed class RetryTests
{
    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    public async Task RetryOn_StatusMovesToNextPriority(int firstStatus, bool retried)
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        harness.Upstream0.Respond = (http, _) =>
        {
            http.Response.StatusCode = firstStatus;
            return Task.CompletedTask;
        };

        using var response = await harness.PostAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(retried ? 200 : firstStatus, (int)response.StatusCode);
        Assert.Equal(retried ? [0, 1] : [0], log.Attempts.Select(a => a.Priority));
        Assert.Equal(retried ? ["backend-0", "backend-1"] : ["backend-0"], log.Attempts.Select(a => a.EndpointMetadata.FilterMetadata["aigw"].Fields["backend"].StringValue));
    }

    [Fact]
    public async Task ConnectFailure_RetriedOnNextPriority()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA), options: o => new StandInOptions
        {
            ConfigYaml = o.ConfigYaml, ListenPort = 0, ProcessorAddress = o.ProcessorAddress,
            EndpointOverrides = new Dictionary<string, Uri> { ["p0.example:443"] = new("http://127.0.0.1:1"), ["p1.example:443"] = o.EndpointOverrides["p1.example:443"] },
        });

        using var response = await harness.PostAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["connect-failure", null], log.Attempts.Select(a => a.Failure));
    }

    [Fact]
    public async Task NumRetriesZero_FinalResponsePassesThrough()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(numRetries: 0), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        harness.Upstream0.Respond = (http, _) =>
        {
            http.Response.StatusCode = 503;
            return Task.CompletedTask;
        };

        using var response = await harness.PostAsync();

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Empty(harness.Upstream1.Requests);
    }

    [Fact]
    public async Task PerTryTimeout_RetriedOnNextPriority_AllFail504()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(perTryTimeout: "0.2s"), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        Func<Microsoft.AspNetCore.Http.HttpContext, UpstreamRequestRecord, Task> slow = (http, _) => Task.Delay(TimeSpan.FromSeconds(3), http.RequestAborted);
        harness.Upstream0.Respond = slow;
        harness.Upstream1.Respond = slow;

        using var response = await harness.PostAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(504, (int)response.StatusCode);
        Assert.Equal(["per-try-timeout", "per-try-timeout"], log.Attempts.Select(a => a.Failure));
        Assert.Equal("upstream_per_try_timeout", log.ResponseCodeDetails);
    }
}
