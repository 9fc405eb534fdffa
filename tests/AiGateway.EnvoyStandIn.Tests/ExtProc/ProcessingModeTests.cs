using System.Text;
using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>Processing modes, mode_override and STREAMED bodies (ext-proc-protocol.md §3.1, §3.3, §3.11).</summary>
public sealed class ProcessingModeTests
{
    [Fact]
    public async Task ResponseHeadersSkip_NoResponseMessages()
    {
        var yaml = TestYaml.Build("processing_mode: {request_header_mode: SEND, request_body_mode: BUFFERED, response_header_mode: SKIP}\nmessage_timeout: 5s");
        await using var harness = await StandInHarness.StartAsync(yaml, s => s.AnswerAllAsync(StandInHarness.RouteToModelA));

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([RequestCase.RequestHeaders, RequestCase.RequestBody], harness.Processor.RouterStreams.Single().Received.Select(m => m.RequestCase));
    }

    // §3.11: applied in a headers answer when allow_mode_override; body modes taken as written.
    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 1)]
    public async Task ModeOverride_InResponseHeadersAnswer_SwitchesToStreamedOnlyWhenAllowed(bool allowed, int expectedBodyMessages)
    {
        var yaml = TestYaml.Build(TestYaml.DefaultRouterExtProc.Replace("allow_mode_override: true", $"allow_mode_override: {(allowed ? "true" : "false")}", StringComparison.Ordinal));
        await using var harness = await StandInHarness.StartAsync(yaml, s => s.AnswerAllAsync(r => r.RequestCase == RequestCase.ResponseHeaders
            ? new ProcessingResponse
            {
                ResponseHeaders = new HeadersResponse { Response = new CommonResponse { HeaderMutation = new HeaderMutation { RemoveHeaders = { "content-length" } } } },
                ModeOverride = new ProcessingMode { RequestBodyMode = BodySendMode.Buffered, ResponseBodyMode = BodySendMode.Streamed },
            }
            : StandInHarness.RouteToModelA(r)));
        harness.Upstream0.Respond = async (http, _) =>
        {
            await http.Response.WriteAsync("a");
            await http.Response.Body.FlushAsync();
            await Task.Delay(50);
            await http.Response.WriteAsync("b");
        };

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        Assert.Equal("ab", await response.Content.ReadAsStringAsync());
        var bodies = harness.Processor.RouterStreams.Single().Received.Where(m => m.RequestCase == RequestCase.ResponseBody).ToList();
        Assert.Equal(expectedBodyMessages, bodies.Count);
        Assert.True(bodies[^1].ResponseBody.EndOfStream);
        Assert.All(bodies.SkipLast(1), b => Assert.False(b.ResponseBody.EndOfStream));
    }

    [Fact]
    public async Task ModeOverride_InBodyAnswer_IsIgnored()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(r =>
        {
            var answer = StandInHarness.RouteToModelA(r);
            if (r.RequestCase == RequestCase.RequestBody)
            {
                answer.ModeOverride = new ProcessingMode { ResponseHeaderMode = HeaderSendMode.Skip, ResponseBodyMode = BodySendMode.None };
            }

            return answer;
        }));

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        Assert.Contains(harness.Processor.RouterStreams.Single().Received, m => m.RequestCase == RequestCase.ResponseBody);
    }

    // §3.11 ⚠️: an override that names only the response body mode also sets the request body mode to NONE.
    [Fact]
    public async Task ModeOverride_BodyModesAreTakenAsWritten()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(r => r.RequestCase == RequestCase.RequestHeaders
            ? new ProcessingResponse
            {
                RequestHeaders = new HeadersResponse { Response = new CommonResponse { HeaderMutation = Answers.Mutation(Answers.Set("x-aigw-route", "model-a")), ClearRouteCache = true } },
                ModeOverride = new ProcessingMode { ResponseBodyMode = BodySendMode.Buffered },
            }
            : Answers.Continue(r)));

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([RequestCase.RequestHeaders, RequestCase.ResponseHeaders, RequestCase.ResponseBody], harness.Processor.RouterStreams.Single().Received.Select(m => m.RequestCase));
    }

    // §3.1: in STREAMED mode chunk k+1 is sent before answer k arrives; answers are matched FIFO; an empty last chunk may end it.
    [Fact]
    public async Task StreamedRequestBody_PipelinesChunks_AnswersFifo_EmptyFinalChunk()
    {
        var yaml = TestYaml.Build("processing_mode: {request_header_mode: SEND, request_body_mode: STREAMED, response_header_mode: SKIP}\nmessage_timeout: 5s");
        var secondChunkSent = new TaskCompletionSource();
        await using var harness = await StandInHarness.StartAsync(yaml, async s =>
        {
            var headers = await s.NextAsync();
            await s.SendAsync(Answers.With(headers!, new CommonResponse { HeaderMutation = Answers.Mutation(Answers.Set("x-aigw-route", "model-a")), ClearRouteCache = true }));
            var chunks = new List<ProcessingRequest>();
            while (chunks.Count == 0 || !chunks[^1].RequestBody.EndOfStream)
            {
                chunks.Add((await s.NextAsync())!);
                if (chunks.Count == 1)
                {
                    // Unanswered chunk 1: chunk 2 must still arrive (pipelining).
                    secondChunkSent.TrySetResult();
                }
            }

            foreach (var chunk in chunks)
            {
                var upper = chunk.RequestBody.Body.ToStringUtf8().ToUpperInvariant();
                await s.SendAsync(new ProcessingResponse { RequestBody = new BodyResponse { Response = new CommonResponse { BodyMutation = new BodyMutation { Body = ByteString.CopyFromUtf8(upper) } } } });
            }

            await s.NextAsync();
        });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new SlowContent(secondChunkSent.Task) };
        using var response = await harness.Client.SendAsync(request).WaitAsync(TestTimeouts.Default);
        await harness.NextLogAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var bodies = harness.Processor.RouterStreams.Single().Received.Where(m => m.RequestCase == RequestCase.RequestBody).ToList();
        Assert.Equal(["first-", "second", ""], bodies.Select(b => b.RequestBody.Body.ToStringUtf8()));
        Assert.Equal([false, false, true], bodies.Select(b => b.RequestBody.EndOfStream));
        Assert.Equal("FIRST-SECOND", Encoding.UTF8.GetString(Assert.Single(harness.Upstream0.Requests).Body));
    }

    // No buffering of STREAMED responses: chunk 2 is only produced after the client has read chunk 1.
    [Fact]
    public async Task StreamedResponseBody_ReachesTheClientChunkByChunk()
    {
        var yaml = TestYaml.Build("processing_mode: {request_header_mode: SEND, request_body_mode: BUFFERED, response_header_mode: SEND, response_body_mode: STREAMED}\nmessage_timeout: 5s");
        var clientReadFirst = new TaskCompletionSource();
        await using var harness = await StandInHarness.StartAsync(yaml, s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        harness.Upstream0.Respond = async (http, _) =>
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync("data: 1\n\n");
            await http.Response.Body.FlushAsync();
            await clientReadFirst.Task.WaitAsync(TestTimeouts.Default);
            await http.Response.WriteAsync("data: 2\n\n");
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent("{}") };
        using var response = await harness.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var first = await stream.ReadAsync(buffer).AsTask().WaitAsync(TestTimeouts.Default);
        Assert.Equal("data: 1\n\n", Encoding.UTF8.GetString(buffer, 0, first));
        clientReadFirst.SetResult();
        var rest = await new StreamReader(stream).ReadToEndAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal("data: 2\n\n", rest);
        Assert.Null(response.Content.Headers.ContentLength);
    }

    private sealed class SlowContent(Task proceed) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync("first-"u8.ToArray());
            await stream.FlushAsync();
            await proceed.WaitAsync(TestTimeouts.Default);
            await Task.Delay(20);
            await stream.WriteAsync("second"u8.ToArray());
            await stream.FlushAsync();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
