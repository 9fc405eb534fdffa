using System.Net;
using AiGateway.EnvoyStandIn.Tests.Fakes;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

/// <summary>The listener follows the HCM codec_type: HTTP/1.1, or HTTP/2 cleartext with prior knowledge.</summary>
public sealed class ListenerTests
{
    [Theory]
    [InlineData("AUTO", 1)]
    [InlineData("HTTP1", 1)]
    [InlineData("HTTP2", 2)]
    public async Task Listener_CodecType_DecidesTheProtocol(string codecType, int major)
    {
        var yaml = TestYaml.Build().Replace("stat_prefix: test", "stat_prefix: test\n          codec_type: " + codecType, StringComparison.Ordinal);
        await using var harness = await StandInHarness.StartAsync(yaml, s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("{}"),
            Version = new Version(major, major == 1 ? 1 : 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await harness.Client.SendAsync(request).WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(major, response.Version.Major);
    }
}
