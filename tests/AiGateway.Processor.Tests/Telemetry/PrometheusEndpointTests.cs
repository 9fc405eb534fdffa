using AiGateway.Processor.Tests.Infrastructure;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class PrometheusEndpointTests
{
    [Fact]
    public async Task Metrics_OnTheAdminPortOnly_InPrometheusFormat()
    {
        using var config = new TempConfig(TempConfig.Minimal + "\nserver: { admin_port: 18089 }\n");
        await using var processor = await TestProcessor.StartAsync(config.Path);
        await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "prom-1")), RequestBody("""{"model":"nope","messages":[]}"""));
        using var http = processor.CreateHttpClient();

        using var admin = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = "localhost:18089" } };
        using var answer = await http.SendAsync(admin).WaitAsync(TestProcessor.Timeout);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = "localhost:50051" } };
        using var refused = await http.SendAsync(other).WaitAsync(TestProcessor.Timeout);

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        var text = await answer.Content.ReadAsStringAsync().WaitAsync(TestProcessor.Timeout);
        Assert.Contains("aigw_requests", text, StringComparison.Ordinal);
        Assert.Contains("aigw_outcome=\"client_error\"", text, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
    }
}
