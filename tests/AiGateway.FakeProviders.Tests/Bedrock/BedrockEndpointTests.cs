using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Scripting;
using AiGateway.FakeProviders.Tests.Support;

namespace AiGateway.FakeProviders.Tests.Bedrock;

public sealed class BedrockEndpointTests
{
    private const string ModelPath = "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/";
    private const string ProfileArn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";
    private const string ProfilePath = "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0/";
    private const string Converse = """{"messages":[{"role":"user","content":[{"text":"Hello there"}]}],"inferenceConfig":{"maxTokens":256}}""";
    private const string Invoke = """{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}""";

    private static readonly FakeProviderOptions WithSessionToken = new() { Credentials = FakeCredentials.Default with { AwsSessionToken = "FQoGZXIvYXdzEXAMPLETOKEN" } };

    private static readonly ScriptedReply Everything = new()
    {
        Content =
        [
            new ReplyThinking("Hmm.", "sig-9"),
            ReplyText.FromFragments("Let me ", "check."),
            new ReplyToolCall("get_weather", """{"city":"Paris"}""", "tooluse_1"),
        ],
        StopReason = ReplyStopReason.ToolUse,
        Usage = new ReplyUsage(InputTokens: 16, OutputTokens: 9, CacheWriteTokens: 2387),
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Converse_SignedRequest_ReturnsEchoOverHttp1AndHttp2(bool http2)
    {
        await using var host = await FakeTestHost.StartAsync(WithSessionToken);

        using var response = await host.SendAsync(host.Bedrock(ModelPath + "converse", Converse, http2: http2), http2);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo: Hello there", body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("end_turn", body["stopReason"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        var recorded = Assert.Single(host.Server.ReceivedRequests);
        Assert.Equal(http2 ? "HTTP/2" : "HTTP/1.1", recorded.Protocol);
        Assert.Equal("us.anthropic.claude-sonnet-4-20250514-v1:0", recorded.Model);
        Assert.Equal(ModelPath + "converse", recorded.Path);
    }

    [Fact]
    public async Task Converse_ScriptedForProfileArn_RendersBlocksAndUsage()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.ScriptModel(ProfileArn, Everything);

        using var response = await host.SendAsync(host.Bedrock(ProfilePath + "converse", Converse));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var content = body["output"]!["message"]!["content"]!.AsArray();
        Assert.Equal("sig-9", content[0]!["reasoningContent"]!["reasoningText"]!["signature"]!.GetValue<string>());
        Assert.Equal("Let me check.", content[1]!["text"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"city":"Paris"}"""), content[2]!["toolUse"]!["input"]));
        Assert.Equal("tool_use", body["stopReason"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"inputTokens":16,"outputTokens":9,"totalTokens":2412,"cacheReadInputTokens":0,"cacheWriteInputTokens":2387}"""),
            body["usage"]));
        Assert.Equal(ProfileArn, host.Server.ReceivedRequests[0].Model);
    }

    [Fact]
    public async Task ConverseStream_Scripted_SendsValidFramesInBedrockOrder()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Bedrock, Everything);

        using var response = await host.SendAsync(host.Bedrock(ModelPath + "converse-stream", Converse, http2: true), http2: true);
        var frames = EventStreamTestDecoder.Decode(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal("application/vnd.amazon.eventstream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            ["messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "contentBlockDelta", "contentBlockDelta", "contentBlockStop",
             "contentBlockStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"],
            frames.Select(f => f.EventType));
        Assert.All(frames, f => Assert.Equal("event", f.Headers[":message-type"]));
        Assert.All(frames, f => Assert.Equal(":event-type", f.Headers.Keys.First()));
        Assert.Equal("sig-9", frames[2].Json["delta"]!["reasoningContent"]!["signature"]!.GetValue<string>());
        Assert.Equal(["Let me ", "check."], frames.Skip(4).Take(2).Select(f => f.Json["delta"]!["text"]!.GetValue<string>()));
        Assert.Equal("tooluse_1", frames[7].Json["start"]!["toolUse"]!["toolUseId"]!.GetValue<string>());
        Assert.Equal("""{"city":"Paris"}""", string.Concat(frames.Skip(8).Take(2).Select(f => f.Json["delta"]!["toolUse"]!["input"]!.GetValue<string>())));
        Assert.Equal("tool_use", frames[^2].Json["stopReason"]!.GetValue<string>());
        Assert.Equal(2412, frames[^1].Json["usage"]!["totalTokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invoke_AnthropicBody_ReturnsAnthropicMessageWithTokenHeaders()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Bedrock, Everything);

        using var response = await host.SendAsync(host.Bedrock(ModelPath + "invoke", Invoke));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["thinking", "text", "tool_use"], body["content"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("us.anthropic.claude-sonnet-4-20250514-v1:0", body["model"]!.GetValue<string>());
        Assert.Equal("16", response.Headers.GetValues("X-Amzn-Bedrock-Input-Token-Count").Single());
        Assert.Equal("9", response.Headers.GetValues("X-Amzn-Bedrock-Output-Token-Count").Single());
    }

    [Fact]
    public async Task InvokeStream_AnthropicBody_SendsChunkFramesOfBase64AnthropicEvents()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Bedrock, Everything);

        using var response = await host.SendAsync(host.Bedrock(ModelPath + "invoke-with-response-stream", Invoke));
        var frames = EventStreamTestDecoder.Decode(await response.Content.ReadAsByteArrayAsync());

        Assert.All(frames, f => Assert.Equal("chunk", f.EventType));
        var events = frames.Select(f => JsonNode.Parse(Convert.FromBase64String(f.Json["bytes"]!.GetValue<string>()))!).ToList();
        Assert.Equal("message_start", events[0]["type"]!.GetValue<string>());
        Assert.DoesNotContain(events, e => e["type"]!.GetValue<string>() == "ping");
        Assert.Equal(["thinking_delta", "signature_delta", "text_delta", "input_json_delta"],
            events.Where(e => e["type"]!.GetValue<string>() == "content_block_delta").Select(e => e["delta"]!["type"]!.GetValue<string>()).Distinct());
        Assert.Equal("message_stop", events[^1]["type"]!.GetValue<string>());
        Assert.Equal(16, events[^1]["amazon-bedrock-invocationMetrics"]!["inputTokenCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"input":{"converse":{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}}}""")]
    [InlineData("INVOKE")]
    public async Task CountTokens_EitherInputForm_ReturnsInputTokens(string body)
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Bedrock, new ScriptedReply { Usage = new ReplyUsage(33, 0) });
        body = body.Replace("INVOKE", """{"input":{"invokeModel":{"body":"B64"}}}""".Replace("B64", Convert.ToBase64String(Encoding.UTF8.GetBytes(Invoke)), StringComparison.Ordinal), StringComparison.Ordinal);

        using var response = await host.SendAsync(host.Bedrock(ModelPath + "count-tokens", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"inputTokens":33}"""), JsonNode.Parse(await response.Content.ReadAsStringAsync())));
    }

    [Fact]
    public async Task Converse_BodyChangedAfterSigning_Returns403InvalidSignature()
    {
        await using var host = await FakeTestHost.StartAsync();
        var request = host.Bedrock(ModelPath + "converse", Converse, afterSigning: r =>
        {
            r.Content = new StringContent(Converse.Replace("Hello", "Jello", StringComparison.Ordinal), Encoding.UTF8);
            r.Content.Headers.ContentType = new("application/json");
        });

        using var response = await host.SendAsync(request);

        await AssertBedrockErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException", "signature we calculated does not match");
        Assert.Contains("Jello", Assert.Single(host.Server.ReceivedRequests).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Converse_WrongSecret_Returns403InvalidSignature()
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(host.Bedrock(ModelPath + "converse", Converse, secretAccessKey: "not-the-secret"));

        await AssertBedrockErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException", "signature we calculated does not match");
    }

    [Fact]
    public async Task Converse_MissingSessionToken_Returns403UnrecognizedClient()
    {
        await using var host = await FakeTestHost.StartAsync(WithSessionToken);

        using var response = await host.SendAsync(host.Bedrock(ModelPath + "converse", Converse, withSessionToken: false));

        await AssertBedrockErrorAsync(response, HttpStatusCode.Forbidden, "UnrecognizedClientException", "security token");
    }

    [Theory]
    [InlineData("fake-bedrock-api-key", HttpStatusCode.OK)]
    [InlineData("other-key", HttpStatusCode.Forbidden)]
    public async Task Converse_BearerApiKey_IsCheckedInsteadOfSigV4(string key, HttpStatusCode expected)
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(FakeTestHost.Json(ModelPath + "converse", Converse, ("Authorization", "Bearer " + key)));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("converse", """{"inferenceConfig":{}}""", "messages")]
    [InlineData("converse-stream", """{"messages":[{"role":"user","content":"not an array"}]}""", "messages")]
    [InlineData("invoke", """{"anthropic_version":"bedrock-2023-05-31","model":"claude","max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", "extraneous key [model]")]
    [InlineData("invoke-with-response-stream", """{"anthropic_version":"bedrock-2023-05-31","stream":true,"max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", "extraneous key [stream]")]
    [InlineData("invoke", """{"max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", "anthropic_version")]
    [InlineData("invoke", """{"anthropic_version":"bedrock-2023-05-31","messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [InlineData("count-tokens", """{"input":{}}""", "input")]
    [InlineData("converse", "{broken", "Malformed")]
    public async Task Operation_InvalidBody_Returns400ValidationException(string operation, string body, string mentioned)
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(host.Bedrock(ModelPath + operation, body));

        await AssertBedrockErrorAsync(response, HttpStatusCode.BadRequest, "ValidationException", mentioned);
    }

    [Fact]
    public async Task UnknownOperation_Returns404()
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(host.Bedrock(ModelPath + "converse-later", Converse));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static async Task AssertBedrockErrorAsync(HttpResponseMessage response, HttpStatusCode status, string exception, string mentioned)
    {
        Assert.Equal(status, response.StatusCode);
        var errorType = response.Headers.GetValues("x-amzn-ErrorType").Single();
        Assert.Equal(exception, errorType.Split(':')[0]);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();
        Assert.Contains(mentioned, message, StringComparison.Ordinal);
    }
}
