using System.Text;
using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

/// <summary>ext_proc as an upstream HTTP filter in the cluster (ext-proc-protocol.md §2.6, §5e, §6).</summary>
public sealed class UpstreamFilterTests
{
    private const string AttributeKey = "xds.upstream_host_metadata.filter_metadata['aigw']['backend']";

    /// <summary>The upstream-level script: translate per backend, answer CONTINUE_AND_REPLACE, report the new length.</summary>
    private static Func<FakeProcessorStream, Task> Script(bool reportLength = true) => s => s.AnswerAllAsync(r =>
    {
        if (!s.IsUpstream)
        {
            return StandInHarness.RouteToModelA(r);
        }

        var backend = r.Attributes["envoy.filters.http.ext_proc"].Fields[AttributeKey].StringValue;
        var body = $"{{\"for\":\"{backend}\"}}";
        var answer = Answers.With(r, new CommonResponse
        {
            Status = CommonResponse.Types.ResponseStatus.ContinueAndReplace,
            HeaderMutation = Answers.Mutation(Answers.Set(":path", "/provider/" + backend), Answers.Set(":authority", backend + ".example")),
            BodyMutation = new BodyMutation { Body = ByteString.CopyFromUtf8(body) },
        });
        if (reportLength)
        {
            answer.DynamicMetadata = new Struct { Fields = { ["aigw"] = Value.ForStruct(new Struct { Fields = { ["content_length"] = Value.ForNumber(body.Length) } }) } };
        }

        return answer;
    });

    // §2.6: CONTINUE_AND_REPLACE with a body strips content-length and replaces the replayed body; header_mutation
    // restores content-length from %DYNAMIC_METADATA(aigw:content_length)%; allow_all_routing lets :authority through.
    [Fact]
    public async Task ContinueAndReplace_BodyReplaced_ContentLengthRestoredFromMetadata()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(upstreamExtProc: TestYaml.DefaultUpstreamExtProc), Script());

        using var response = await harness.PostAsync(body: "{\"model\":\"m\",\"padding\":\"xxxxxxxxxxxxxxxx\"}");

        Assert.Equal(200, (int)response.StatusCode);
        var upstream = Assert.Single(harness.Upstream0.Requests);
        Assert.Equal("{\"for\":\"backend-0\"}", Encoding.UTF8.GetString(upstream.Body));
        Assert.Equal("19", upstream.Headers["content-length"]);
        Assert.Equal("/provider/backend-0", upstream.Path);
        Assert.Equal("backend-0.example", upstream.Headers["host"]);
    }

    // §3.6: without the header_mutation filter the replaced body goes out without content-length (chunked).
    [Fact]
    public async Task ContinueAndReplace_WithoutHeaderMutationFilter_NoContentLength()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(upstreamExtProc: TestYaml.DefaultUpstreamExtProc, headerMutation: false), Script());

        using var response = await harness.PostAsync();

        var upstream = Assert.Single(harness.Upstream0.Requests);
        Assert.False(upstream.Headers.ContainsKey("content-length"));
        Assert.Equal("chunked", upstream.Headers["transfer-encoding"]);
    }

    // §1.1, §2.6: a new stream per attempt with the picked endpoint's metadata; the router level sees only the final response (§3.14).
    [Fact]
    public async Task Retry_NewUpstreamStreamPerAttempt_RouterLevelSeesOnlyFinalResponse()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(upstreamExtProc: TestYaml.DefaultUpstreamExtProc), Script());
        harness.Upstream0.Respond = (http, _) =>
        {
            http.Response.StatusCode = 503;
            return http.Response.WriteAsync("overloaded");
        };

        using var response = await harness.PostAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var upstreamStreams = harness.Processor.UpstreamStreams;
        Assert.Equal(["backend-0", "backend-1"], upstreamStreams.Select(s => s.Received[0].Attributes["envoy.filters.http.ext_proc"].Fields[AttributeKey].StringValue));
        Assert.All(upstreamStreams, s => Assert.Equal([RequestCase.RequestHeaders], s.Received.Select(m => m.RequestCase)));
        Assert.Equal("{\"for\":\"backend-1\"}", Encoding.UTF8.GetString(Assert.Single(harness.Upstream1.Requests).Body));
        var routerResponses = harness.Processor.RouterStreams.Single().Received.Where(m => m.RequestCase == RequestCase.ResponseHeaders).ToList();
        Assert.Equal("200", Answers.Header(Assert.Single(routerResponses).ResponseHeaders, ":status"));
        Assert.Equal([503, 200], log.Attempts.Select(a => a.Status));
        Assert.Equal(19, log.Attempts[1].DynamicMetadata.FilterMetadata["aigw"].Fields["content_length"].NumberValue);
    }

    // §3.2 (1.37+ early close): a headers-only upstream filter half-closes right after its answer, while the upstream
    // request is still pending (not at the end of the attempt), then resets the stream.
    [Fact]
    public async Task UpstreamFilter_ClosesEarly_BeforeTheUpstreamResponds()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(upstreamExtProc: TestYaml.DefaultUpstreamExtProc), Script());
        harness.Upstream0.Respond = async (http, _) =>
        {
            await harness.Processor.UpstreamStreams.Single().Ended.Task.WaitAsync(TestTimeouts.Default);
            await http.Response.WriteAsync("after-close");
        };

        using var response = await harness.PostAsync();

        Assert.Equal("after-close", await response.Content.ReadAsStringAsync());
        await harness.Processor.UpstreamStreams.Single().Cancelled.Task.WaitAsync(TestTimeouts.Default);
    }
}
