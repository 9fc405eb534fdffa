using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>
/// A same-schema answer that translation leaves byte for byte unchanged is answered without a body (Envoy keeps the
/// provider's bytes); one it changes carries the new body.
/// </summary>
public sealed class PassthroughResponseBodyTests
{
    private const string Completion = """{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hi."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""";

    private const string ContentChunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi.\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";

    private const string UsageChunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\ndata: [DONE]\n\n";

    [Fact]
    public async Task NonStreaming_UnchangedAnswer_NoBodyMutation()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/chat/completions"),
            RequestBody("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""),
            ResponseHeaders(200, ("content-type", "application/json")),
            ResponseBody(Completion));

        var answer = Assert.IsType<BodyResponse>(responses[^1].ResponseBody);
        Assert.Null(answer.Response.BodyMutation);
        Assert.Null(answer.Response.HeaderMutation);
    }

    [Fact]
    public async Task NonStreaming_ProviderError_CarriesTheClientFormatBody()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/chat/completions"),
            RequestBody("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""),
            ResponseHeaders(401, ("content-type", "application/json")),
            ResponseBody("""{"error":{"message":"Incorrect API key provided: sk-...","type":"invalid_request_error"}}"""));

        var body = responses[^1].ResponseBody.Response.BodyMutation.Body.ToStringUtf8();
        Assert.Contains("\"error\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_UnchangedChunk_NoBodyMutation_StrippedUsageChunk_Replaced()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        // The client did not ask for usage: the gateway asked the provider for it and strips it from the client's stream.
        var responses = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/chat/completions"),
            RequestBody("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}"""),
            ResponseHeaders(200, ("content-type", "text/event-stream")),
            ResponseBody(ContentChunk, endOfStream: false),
            ResponseBody(UsageChunk));

        Assert.Null(responses[^2].ResponseBody.Response.BodyMutation);
        Assert.Equal("data: [DONE]\n\n", responses[^1].ResponseBody.Response.BodyMutation.Body.ToStringUtf8());
    }
}
