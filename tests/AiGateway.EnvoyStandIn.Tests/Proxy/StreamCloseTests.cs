using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

/// <summary>How Envoy ends the ext_proc stream (ext-proc-protocol.md §0.10, §3.2).</summary>
public sealed class StreamCloseTests
{
    // Envoy half-closes and resets at once; the server sees the reset for sure, the END_STREAM only if it reads it first.
    [Fact]
    public async Task AfterTheLastAnswer_StreamEndedAndReset()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        var stream = harness.Processor.RouterStreams.Single();
        await stream.Ended.Task.WaitAsync(TestTimeouts.Default);
        await stream.Cancelled.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(4, stream.Received.Count);
    }

    // §3.2: BUFFERED modes close at the end of the request, not early: the stream is still open while the upstream answers.
    [Fact]
    public async Task BufferedModes_NoEarlyClose()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        var openDuringUpstream = false;
        harness.Upstream0.Respond = (http, _) =>
        {
            openDuringUpstream = !harness.Processor.RouterStreams.Single().Ended.Task.IsCompleted;
            return http.Response.WriteAsync("ok");
        };

        using var response = await harness.PostAsync();

        Assert.True(openDuringUpstream);
    }

    [Fact]
    public async Task ProcessorEndsEarlyWithOk_RestContinuesUnmodified()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), async s =>
        {
            var headers = await s.NextAsync();
            await s.SendAsync(Answers.Continue(headers!));
            var body = await s.NextAsync();
            await s.SendAsync(StandInHarness.RouteToModelA(body!));
        });

        using var response = await harness.PostAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, harness.Processor.RouterStreams.Single().Received.Count);
    }

    // An upstream cut after the response started resets the client's stream (router: upstream reset after the
    // downstream response started): the client must see a broken body, never a clean end of a truncated answer.
    [Theory]
    [InlineData(BodySendMode.Streamed)]
    [InlineData(BodySendMode.None)]
    public async Task UpstreamCutAfterResponseStarted_ClientStreamIsReset(BodySendMode responseBodyMode)
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(r => r.RequestCase == RequestCase.ResponseHeaders
            ? new ProcessingResponse
            {
                ResponseHeaders = new HeadersResponse { Response = new CommonResponse() },
                ModeOverride = new ProcessingMode { RequestBodyMode = BodySendMode.Buffered, ResponseBodyMode = responseBodyMode },
            }
            : StandInHarness.RouteToModelA(r)));
        harness.Upstream0.Respond = async (http, _) =>
        {
            await http.Response.WriteAsync("partial");
            await http.Response.Body.FlushAsync();
            await Task.Delay(100);
            http.Abort();
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent("{\"model\":\"m\"}", System.Text.Encoding.UTF8, "application/json") };
        using var response = await harness.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
        var read = response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(200, (int)response.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => read);
        Assert.Equal("upstream_reset_after_response_started{connection_termination}", (await harness.NextLogAsync()).ResponseCodeDetails);
    }
}
