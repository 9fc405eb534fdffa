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
            "response headers, body and trailers",
            [RequestHeaders("POST", "/v1/messages"), RequestBody("""{"model":"claude-sonnet","max_tokens":5,"messages":[]}"""), ResponseHeaders(200, ("content-type", "application/json")), ResponseBody("{}"), ResponseTrailers()],
            [ProcessingResponse.ResponseOneofCase.RequestHeaders, ProcessingResponse.ResponseOneofCase.RequestBody, ProcessingResponse.ResponseOneofCase.ResponseHeaders, ProcessingResponse.ResponseOneofCase.ResponseBody, ProcessingResponse.ResponseOneofCase.ResponseTrailers]
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

    [Fact]
    public void IsEnvoyClose_KestrelResetExceptions_AreNormalEnds()
    {
        Assert.True(ExternalProcessorService.IsEnvoyClose(new IOException("The client reset the request stream."), CancellationToken.None));
        Assert.True(ExternalProcessorService.IsEnvoyClose(new InvalidOperationException("Can't read messages after the request is complete."), CancellationToken.None));
        Assert.True(ExternalProcessorService.IsEnvoyClose(new RpcException(new Status(StatusCode.Cancelled, "")), CancellationToken.None));
        Assert.False(ExternalProcessorService.IsEnvoyClose(new InvalidOperationException("a bug"), CancellationToken.None));
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
