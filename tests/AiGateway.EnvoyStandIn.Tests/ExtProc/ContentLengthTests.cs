using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>Who owns content-length (ext-proc-protocol.md §0.3, §3.6).</summary>
public sealed class ContentLengthTests
{
    // §3.6: BUFFERED + headers SEND keeps content-length; a mutated body must agree with it or the reply is 500.
    [Theory]
    [InlineData(null, 500)]
    [InlineData("7", 200)]
    [InlineData("remove", 200)]
    public async Task BufferedBodyMutation_ContentLengthMustMatch(string? contentLength, int expectedStatus)
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(r =>
        {
            if (r.RequestCase != RequestCase.RequestBody)
            {
                return Answers.Continue(r);
            }

            var mutation = Answers.Mutation(Answers.Set("x-aigw-route", "model-a"));
            if (contentLength == "remove")
            {
                mutation.RemoveHeaders.Add("content-length");
            }
            else if (contentLength is not null)
            {
                mutation.SetHeaders.Add(Answers.Set("content-length", contentLength));
            }

            return Answers.With(r, new CommonResponse { HeaderMutation = mutation, ClearRouteCache = true, BodyMutation = new BodyMutation { Body = ByteString.CopyFromUtf8("NEWBODY") } });
        }));

        using var response = await harness.PostAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        if (expectedStatus == 500)
        {
            Assert.Equal("mismatch_between_content_length_and_the_length_of_the_mutated_body", log.ResponseCodeDetails);
            Assert.Empty(harness.Upstream0.Requests);
        }
        else
        {
            Assert.Equal("NEWBODY", System.Text.Encoding.UTF8.GetString(Assert.Single(harness.Upstream0.Requests).Body));
        }
    }

    // §3.6: in STREAMED mode Envoy removes content-length (the processor still sees it) and drops sets of it.
    [Fact]
    public async Task StreamedMode_ContentLengthStrippedAndSetsDropped()
    {
        var yaml = TestYaml.Build("processing_mode: {request_header_mode: SEND, request_body_mode: STREAMED, response_header_mode: SKIP}\nmessage_timeout: 5s");
        await using var harness = await StandInHarness.StartAsync(yaml, StandInHarness.OnRequestHeaders(new CommonResponse { HeaderMutation = Answers.Mutation(Answers.Set("content-length", "999")) }));

        using var response = await harness.PostRoutedAsync("{\"a\":1}");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("7", Answers.Header(harness.Processor.RouterStreams.Single().Received[0].RequestHeaders, "content-length"));
        var upstream = Assert.Single(harness.Upstream0.Requests);
        Assert.False(upstream.Headers.ContainsKey("content-length"));
        Assert.Equal("chunked", upstream.Headers["transfer-encoding"]);
    }

    // §3.6: after mode_override to STREAMED the old content-length stays (decided under BUFFERED), later sets are dropped.
    [Fact]
    public async Task ModeOverrideToStreamed_KeepsOriginalContentLength_DropsSets()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(r => r.RequestCase == RequestCase.ResponseHeaders
            ? new ProcessingResponse
            {
                ResponseHeaders = new HeadersResponse { Response = new CommonResponse { HeaderMutation = Answers.Mutation(Answers.Set("content-length", "3")) } },
                ModeOverride = new ProcessingMode { RequestBodyMode = BodySendMode.Buffered, ResponseBodyMode = BodySendMode.Streamed },
            }
            : StandInHarness.RouteToModelA(r)));

        using var response = await harness.PostAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(11, response.Content.Headers.ContentLength);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
    }
}
