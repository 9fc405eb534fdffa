using AiGateway.EnvoyStandIn.Tests.Fakes;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>Envoy 1.37+: local replies of the router reach the router-level processor as a response (ext-proc-protocol.md §0.9, §3.14).</summary>
public sealed class LocalReplyTests
{
    [Theory]
    [InlineData("/dead", 503, "upstream connect error", "upstream_reset_before_response_started{connection_failure}")]
    [InlineData("/direct", 418, "teapot", "direct_response")]
    [InlineData("/nothing", 404, "", "route_not_found")]
    [InlineData("/v1/unknown", 404, "{\"error\":\"no route\"}", "direct_response")]
    public async Task RouterLocalReply_GoesThroughTheRouterLevelProcessor(string path, int status, string bodyStart, string details)
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build());

        using var response = await harness.PostAsync(path);
        var log = await harness.NextLogAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.StartsWith(bodyStart, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(details, log.ResponseCodeDetails);
        var received = harness.Processor.RouterStreams.Single().Received;
        var headers = received.Single(m => m.RequestCase == RequestCase.ResponseHeaders).ResponseHeaders;
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), Answers.Header(headers, ":status"));
        Assert.Equal(bodyStart.Length > 0, received.Any(m => m.RequestCase == RequestCase.ResponseBody));
    }

    [Fact]
    public async Task DirectResponse_ResponseHeadersToAdd_SetContentType()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build());

        using var response = await harness.PostAsync("/v1/unknown");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
