using AiGateway.EnvoyStandIn.Tests.Fakes;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

/// <summary>One pool per cluster, HTTP/1.1 or HTTP/2 prior knowledge as the cluster's explicit_http_config says.</summary>
public sealed class ConnectionPoolTests
{
    [Theory]
    [InlineData(false, "HTTP/1.1")]
    [InlineData(true, "HTTP/2")]
    public async Task ClusterProtocol_FollowsExplicitHttpConfig_ConnectionsReused(bool http2, string protocol)
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(http2Upstream: http2), s => s.AnswerAllAsync(StandInHarness.RouteToModelA), http2Upstream: http2);

        using (await harness.PostAsync())
        {
        }

        using (await harness.PostAsync())
        {
        }

        var requests = harness.Upstream0.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal(protocol, r.Protocol));
        Assert.Equal(requests[0].ConnectionId, requests[1].ConnectionId);
    }
}
