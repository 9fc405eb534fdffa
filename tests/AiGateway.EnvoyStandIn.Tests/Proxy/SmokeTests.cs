using AiGateway.EnvoyStandIn.Tests.Fakes;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

public sealed class SmokeTests
{
    [Fact]
    public async Task BufferedRequest_RoutedByProcessor_ReachesPriorityZero()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        using var response = await harness.PostAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        Assert.Single(harness.Upstream0.Requests);
        Assert.Empty(harness.Upstream1.Requests);
    }
}
