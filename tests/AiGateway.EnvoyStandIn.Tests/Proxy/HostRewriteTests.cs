using System.Globalization;
using System.Text;
using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

/// <summary>
/// A route's host_rewrite_literal, and a cluster without the upstream ext_proc (upstream filters are per cluster,
/// ext-proc-protocol.md §2.6): the single-backend fast path of adr/016, where the router-level filter rewrites the
/// body in its request-body answer and the route sets the provider's host.
/// </summary>
public sealed class HostRewriteTests
{
    private const string ProviderBody = "{\"provider\":\"body\"}";

    /// <summary>The router level routes, sets the path and replaces the body with its content-length (§0.3, §3.6).</summary>
    private static Func<FakeProcessorStream, Task> RouterTranslates => s => s.AnswerAllAsync(r =>
        r.RequestCase == ProcessingRequest.RequestOneofCase.RequestBody
            ? Answers.With(r, new CommonResponse
            {
                HeaderMutation = Answers.Mutation(
                    Answers.Set("x-aigw-route", "model-a"),
                    Answers.Set(":path", "/provider/path"),
                    Answers.Set("content-length", Encoding.UTF8.GetByteCount(ProviderBody).ToString(CultureInfo.InvariantCulture))),
                BodyMutation = new BodyMutation { Body = ByteString.CopyFromUtf8(ProviderBody) },
                ClearRouteCache = true,
            })
            : Answers.Continue(r));

    [Fact]
    public async Task HostRewriteLiteral_ClusterWithoutUpstreamExtProc_ProviderGetsRewrittenHostAndRouterLevelBody()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(hostRewriteLiteral: "provider.example"), RouterTranslates);

        using var response = await harness.PostAsync(body: "{\"model\":\"m\",\"client\":\"body with other length\"}");

        Assert.Equal(200, (int)response.StatusCode);
        var upstream = Assert.Single(harness.Upstream0.Requests);
        Assert.Equal("provider.example", upstream.Headers["host"]);
        Assert.Equal("/provider/path", upstream.Path);
        Assert.Equal(ProviderBody, Encoding.UTF8.GetString(upstream.Body));
        Assert.Equal(Encoding.UTF8.GetByteCount(ProviderBody).ToString(CultureInfo.InvariantCulture), upstream.Headers["content-length"]);
        Assert.Empty(harness.Processor.UpstreamStreams);
    }

    [Fact]
    public async Task HostRewriteLiteral_EveryRetryAttempt_KeepsTheRewrittenHost()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(hostRewriteLiteral: "provider.example"), RouterTranslates);
        harness.Upstream0.Respond = (http, _) =>
        {
            http.Response.StatusCode = 503;
            return http.Response.WriteAsync("overloaded");
        };

        using var response = await harness.PostAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("provider.example", Assert.Single(harness.Upstream0.Requests).Headers["host"]);
        var retried = Assert.Single(harness.Upstream1.Requests);
        Assert.Equal("provider.example", retried.Headers["host"]);
        Assert.Equal(ProviderBody, Encoding.UTF8.GetString(retried.Body));
    }

    [Fact]
    public async Task HostRewriteLiteral_UpstreamExtProcPresent_SeesTheRewrittenAuthority()
    {
        await using var harness = await StandInHarness.StartAsync(
            TestYaml.Build(upstreamExtProc: TestYaml.DefaultUpstreamExtProc, hostRewriteLiteral: "provider.example"),
            s => s.IsUpstream ? s.AnswerAllAsync(Answers.Continue) : RouterTranslates(s));

        using var response = await harness.PostAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var attempt = Assert.Single(harness.Processor.UpstreamStreams);
        Assert.Equal("provider.example", Answers.Header(attempt.Received[0].RequestHeaders, ":authority"));
        Assert.Equal("provider.example", Assert.Single(harness.Upstream0.Requests).Headers["host"]);
    }

    [Fact]
    public async Task NoHostRewrite_ClientAuthorityIsForwarded()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), RouterTranslates);

        using var response = await harness.PostAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotEqual("provider.example", Assert.Single(harness.Upstream0.Requests).Headers["host"]);
    }
}
