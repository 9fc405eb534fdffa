using System.Text.Json;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.ExtProc;

public sealed class ExternalProcessorServiceTests
{
    public static TheoryData<string, ProcessingRequest[], ProcessingResponse.ResponseOneofCase[]> MessageKinds => new()
    {
        {
            "request headers, body and trailers",
            [RequestHeaders("POST", "/v1/chat/completions", ("content-type", "application/json")), RequestBody("""{"model":"gpt-4o-mini","messages":[]}"""), RequestTrailers()],
            [ProcessingResponse.ResponseOneofCase.RequestHeaders, ProcessingResponse.ResponseOneofCase.RequestBody, ProcessingResponse.ResponseOneofCase.RequestTrailers]
        },
        {
            // Response trailers never come (aigw check: trailer modes SKIP); the stream ends after the body (adr/020).
            "response headers and body",
            [RequestHeaders("POST", "/v1/messages"), RequestBody("""{"model":"claude-sonnet","max_tokens":5,"messages":[]}"""), ResponseHeaders(200, ("content-type", "application/json")), ResponseBody("{}")],
            [ProcessingResponse.ResponseOneofCase.RequestHeaders, ProcessingResponse.ResponseOneofCase.RequestBody, ProcessingResponse.ResponseOneofCase.ResponseHeaders, ProcessingResponse.ResponseOneofCase.ResponseBody]
        },
        {
            "streamed response chunks",
            [RequestHeaders("POST", "/v1/chat/completions"), RequestBody("""{"model":"gpt-4o-mini","stream":true,"messages":[]}"""), ResponseHeaders(200), ResponseBody("data: {}\n\n", endOfStream: false), ResponseBody("data: [DONE]\n\n", endOfStream: false), ResponseBody("", endOfStream: true)],
            [ProcessingResponse.ResponseOneofCase.RequestHeaders, ProcessingResponse.ResponseOneofCase.RequestBody, ProcessingResponse.ResponseOneofCase.ResponseHeaders, ProcessingResponse.ResponseOneofCase.ResponseBody, ProcessingResponse.ResponseOneofCase.ResponseBody, ProcessingResponse.ResponseOneofCase.ResponseBody]
        },
    };

    [Theory]
    [MemberData(nameof(MessageKinds))]
    public async Task Process_EachMessage_GetsExactlyOneAnswerOfTheMatchingKind(string scenario, ProcessingRequest[] requests, ProcessingResponse.ResponseOneofCase[] expected)
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(requests);

        Assert.True(expected.SequenceEqual(responses.Select(r => r.ResponseCase)), $"{scenario}: got {string.Join(", ", responses.Select(r => r.ResponseCase))}");
    }

    [Fact]
    public async Task Process_CancelledMidStream_EndsNormallyAndReleasesTheExchange()
    {
        using var config = new TempConfig();
        var ended = new TaskCompletionSource<Exchange>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = await TestProcessor.StartAsync(config.Path, services => services.AddSingleton<IExchangeEndObserver>(new EndObserver(ended)));
        using var cancel = new CancellationTokenSource();
        using var call = processor.Client.Process(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions")).WaitAsync(TestProcessor.Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));

        // Envoy's close: END_STREAM is not even sent here, the stream is simply reset mid-request.
        await cancel.CancelAsync();

        var exchange = await ended.Task.WaitAsync(TestProcessor.Timeout);
        Assert.Equal(ClientEndpoint.OpenAiChatCompletions, exchange.Endpoint);
        Assert.Equal(0, processor.Services.GetRequiredService<ActiveExchanges>().Count);
        Assert.DoesNotContain(processor.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Theory]
    [InlineData("/v1/chat/completions", "error.type", "server_error")]
    [InlineData("/v1/messages", "type", "error")]
    public async Task Process_StageThrows_Answers500InTheClientFormat(string path, string property, string expected)
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path, services => services.AddSingleton<IExchangeStage, ThrowingStage>());
        processor.Logs.AllowErrors("StageFailed");

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", path));

        var immediate = Assert.Single(responses).ImmediateResponse;
        Assert.Equal(500, (int)immediate.Status.Code);
        Assert.Equal("application/json", SetHeader(immediate.Headers, "content-type"));
        using var body = JsonDocument.Parse(immediate.Body.Memory);
        var node = property.Split('.').Aggregate(body.RootElement, (e, name) => e.GetProperty(name));
        Assert.Equal(expected, node.GetString());
        Assert.DoesNotContain("boom", immediate.Body.ToStringUtf8(), StringComparison.Ordinal);
        Assert.Contains(processor.Logs.Entries, e => e.EventName == "StageFailed" && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task Process_UnknownPath_Answers404InOpenAiFormat()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(RequestHeaders("GET", "/v2/unknown?x=1"));

        var immediate = Assert.Single(responses).ImmediateResponse;
        Assert.Equal(404, (int)immediate.Status.Code);
        Assert.Equal("application/json", SetHeader(immediate.Headers, "content-type"));
        using var body = JsonDocument.Parse(immediate.Body.Memory);
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("/v2/unknown", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_HeaderMutations_UseRawValueAndNeverAppend()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "req-abc-123"), ("x-aigw-route", "forged")),
            RequestBody("""{"model":"gpt-4o-mini","messages":[]}"""));

        var headers = responses[0].RequestHeaders.Response.HeaderMutation;
        Assert.Contains("x-aigw-route", headers.RemoveHeaders);
        var requestId = Assert.Single(headers.SetHeaders, h => h.Header.Key == "x-aigw-request-id");
        Assert.Equal("req-abc-123", requestId.Header.RawValue.ToStringUtf8());
        Assert.Equal("", requestId.Header.Value);
#pragma warning disable CS0612 // 'append' is the field ext_proc reads.
        Assert.False(requestId.Append);
#pragma warning restore CS0612
        var body = responses[1].RequestBody.Response;
        Assert.Equal("gpt-4o-mini", SetHeader(body.HeaderMutation, "x-aigw-route"));
        Assert.True(body.ClearRouteCache);
    }

    [Theory]
    [InlineData("""{"model":""", "not valid JSON")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    [InlineData("""{"messages":[]}""", "'model' is required")]
    [InlineData("""{"model":42}""", "'model' must be a string")]
    public async Task Process_MalformedBody_Answers400InTheClientFormat(string body, string message)
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/messages"), RequestBody(body));

        var immediate = responses[1].ImmediateResponse;
        Assert.Equal(400, (int)immediate.Status.Code);
        using var json = JsonDocument.Parse(immediate.Body.Memory);
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(message, json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_UnknownModel_Answers404NamingHowToListModels()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions"), RequestBody("""{"model":"gpt-9","messages":[]}"""));

        var immediate = responses[1].ImmediateResponse;
        Assert.Equal(404, (int)immediate.Status.Code);
        using var json = JsonDocument.Parse(immediate.Body.Memory);
        Assert.Equal("model_not_found", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("GET /v1/models", json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    // adr/020: after the last answer the exchange is over at once (usage, settlement, metrics); the RPC stays open
    // without a read pending until Envoy's reset, and ends cleanly on a plain half-close too (the graceful-close guard).
    [Theory]
    [InlineData("reset")]
    [InlineData("half-close")]
    public async Task Process_LastAnswerSent_ExchangeEndsAtOnce_RpcEndsOnEnvoysClose(string close)
    {
        using var config = new TempConfig();
        var ended = new TaskCompletionSource<Exchange>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = await TestProcessor.StartAsync(config.Path, services => services.AddSingleton<IExchangeEndObserver>(new EndObserver(ended)));
        using var cancel = new CancellationTokenSource();
        using var call = processor.Client.Process(cancellationToken: cancel.Token);
        ProcessingRequest[] messages =
        [
            RequestHeaders("POST", "/v1/chat/completions"), RequestBody("""{"model":"gpt-4o-mini","stream":true,"messages":[]}"""),
            ResponseHeaders(200, ("content-type", "text/event-stream")), ResponseBody("data: {}\n\n", endOfStream: false), ResponseBody("", endOfStream: true),
        ];

        foreach (var message in messages)
        {
            await call.RequestStream.WriteAsync(message).WaitAsync(TestProcessor.Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout), $"no answer to {message.RequestCase}");
        }

        // Nothing from "Envoy" yet: the exchange is already over, the RPC is not.
        await ended.Task.WaitAsync(TestProcessor.Timeout);
        Assert.Equal(0, processor.Services.GetRequiredService<ActiveExchanges>().Count);
        var end = call.ResponseStream.MoveNext();
        Assert.False(end.IsCompleted);

        await call.RequestStream.CompleteAsync().WaitAsync(TestProcessor.Timeout);
        if (close == "reset")
        {
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<RpcException>(() => end.WaitAsync(TestProcessor.Timeout));
        }
        else
        {
            Assert.False(await end.WaitAsync(TestProcessor.Timeout));
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        }

        Assert.DoesNotContain(processor.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task Process_ImmediateResponse_HalfClose_EndsTheRpcWithOk()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);
        using var call = processor.Client.Process();

        await call.RequestStream.WriteAsync(RequestHeaders("GET", "/v2/unknown")).WaitAsync(TestProcessor.Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await call.RequestStream.CompleteAsync().WaitAsync(TestProcessor.Timeout);

        Assert.Equal(ProcessingResponse.ResponseOneofCase.ImmediateResponse, call.ResponseStream.Current.ResponseCase);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    // A message after the last answer cannot come with the modes aigw check requires (trailers SKIP); if one does, the
    // RPC ends with OK (Envoy goes on without the processor) and the operator gets a warning.
    [Fact]
    public async Task Process_MessageAfterLastAnswer_EndsWithOkAndWarns()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);
        using var call = processor.Client.Process();

        await call.RequestStream.WriteAsync(RequestHeaders("GET", "/v2/unknown")).WaitAsync(TestProcessor.Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await call.RequestStream.WriteAsync(ResponseTrailers()).WaitAsync(TestProcessor.Timeout);

        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Contains(processor.Logs.Entries, e => e.EventName == "MessageAfterLastAnswer");
    }

    public static TheoryData<string, ProcessingRequest, bool, bool> LastAnswers => new()
    {
        { "router request headers", RequestHeaders("POST", "/v1/chat/completions"), false, false },
        { "router request body", RequestBody("{}"), false, false },
        { "response headers, body follows", ResponseHeaders(200), false, false },
        { "response headers without body", WithEndOfStream(ResponseHeaders(204)), false, true },
        { "streamed chunk", ResponseBody("data: {}\n\n", endOfStream: false), false, false },
        { "response end of stream", ResponseBody("{}", endOfStream: true), false, true },
        { "upstream request headers", UpstreamRequestHeaders("openai-gpt-4o-mini"), true, true },
    };

    [Theory]
    [MemberData(nameof(LastAnswers))]
    public void IsLastAnswer_ByMessageAndLevel(string scenario, ProcessingRequest request, bool upstream, bool last)
    {
        var level = upstream ? FilterLevel.Upstream : FilterLevel.Router;
        var continued = new ProcessingResponse { RequestHeaders = new HeadersResponse() };
        var immediate = new ProcessingResponse { ImmediateResponse = new ImmediateResponse() };

        Assert.True(last == StreamEnd.IsLastAnswer(level, request, continued), scenario);
        Assert.True(StreamEnd.IsLastAnswer(level, request, immediate), $"{scenario}, answered with an immediate response");
    }

    [Fact]
    public void IsEnvoyClose_KestrelResetExceptions_AreNormalEnds()
    {
        Assert.True(ExternalProcessorService.IsEnvoyClose(new IOException("The client reset the request stream."), CancellationToken.None));
        Assert.True(ExternalProcessorService.IsEnvoyClose(new InvalidOperationException("Can't read messages after the request is complete."), CancellationToken.None));
        Assert.True(ExternalProcessorService.IsEnvoyClose(new RpcException(new Status(StatusCode.Cancelled, "")), CancellationToken.None));
        Assert.False(ExternalProcessorService.IsEnvoyClose(new InvalidOperationException("a bug"), CancellationToken.None));
    }

    private static ProcessingRequest WithEndOfStream(ProcessingRequest request)
    {
        request.ResponseHeaders.EndOfStream = true;
        return request;
    }

    private sealed class ThrowingStage : IExchangeStage
    {
        public ExchangePhases Phases => ExchangePhases.RequestHeaders;

        public FilterLevel Levels => FilterLevel.Router;

        public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }

    private sealed class EndObserver(TaskCompletionSource<Exchange> ended) : IExchangeEndObserver
    {
        public void OnExchangeEnd(Exchange exchange) => ended.TrySetResult(exchange);
    }
}
