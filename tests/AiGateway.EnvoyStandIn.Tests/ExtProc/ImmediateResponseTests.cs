using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary><c>immediate_response</c> (ext-proc-protocol.md §3.9) and that it never comes back to the processor (§3.14).</summary>
public sealed class ImmediateResponseTests
{
    [Theory]
    [InlineData(100, "hello", null, 200, "text/plain")]
    [InlineData(0, "hello", null, 200, "text/plain")]
    [InlineData(429, "{\"error\":1}", "application/json", 429, "application/json")]
    [InlineData(400, "", "application/json", 400, null)]
    public async Task ImmediateResponse_StatusHeadersBodyAndContentType(int status, string body, string? contentType, int expectedStatus, string? expectedContentType)
    {
        var immediate = new ImmediateResponse { Body = ByteString.CopyFromUtf8(body), Details = "budget exceeded", Headers = Answers.Mutation(Answers.Set("retry-after", "30")) };
        if (status != 0)
        {
            immediate.Status = new Envoy.Type.V3.HttpStatus { Code = (Envoy.Type.V3.StatusCode)status };
        }

        if (contentType is not null)
        {
            immediate.Headers.SetHeaders.Add(Answers.Set("content-type", contentType));
        }

        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(_ => new ProcessingResponse { ImmediateResponse = immediate }));

        using var response = await harness.PostAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal("30", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expectedContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.Length == 0 ? null : body.Length, response.Content.Headers.ContentLength is 0 ? null : response.Content.Headers.ContentLength);
        Assert.Equal("budget_exceeded", log.ResponseCodeDetails);
        // The filter's own reply is not sent to its processor, and nothing reached the upstream (§3.9, §3.14).
        await harness.Processor.WaitAllClosedAsync();
        Assert.Equal([RequestCase.RequestHeaders], harness.Processor.RouterStreams.Single().Received.Select(m => m.RequestCase));
        Assert.Empty(harness.Upstream0.Requests);
    }

    [Fact]
    public async Task ImmediateResponse_AtResponseHeaders_ReplacesTheUpstreamResponse()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(r => r.RequestCase == RequestCase.ResponseHeaders
            ? new ProcessingResponse { ImmediateResponse = new ImmediateResponse { Status = new Envoy.Type.V3.HttpStatus { Code = Envoy.Type.V3.StatusCode.BadGateway }, Body = ByteString.CopyFromUtf8("translated") } }
            : StandInHarness.RouteToModelA(r)));

        using var response = await harness.PostAsync();

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("translated", await response.Content.ReadAsStringAsync());
        Assert.Single(harness.Upstream0.Requests);
    }

    // §3.9: once a STREAMED response's headers are out, an immediate_response can only reset the client stream.
    [Fact]
    public async Task ImmediateResponse_MidStream_ResetsTheClient()
    {
        var yaml = TestYaml.Build("processing_mode: {request_header_mode: SEND, request_body_mode: BUFFERED, response_header_mode: SEND, response_body_mode: STREAMED}\nmessage_timeout: 5s");
        await using var harness = await StandInHarness.StartAsync(yaml, s => s.AnswerAllAsync(r => r.RequestCase == RequestCase.ResponseBody
            ? new ProcessingResponse { ImmediateResponse = new ImmediateResponse { Status = new Envoy.Type.V3.HttpStatus { Code = Envoy.Type.V3.StatusCode.BadGateway } } }
            : StandInHarness.RouteToModelA(r)));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent("{}") };
        using var response = await harness.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);

        Assert.Equal(200, (int)response.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default));
    }
}
