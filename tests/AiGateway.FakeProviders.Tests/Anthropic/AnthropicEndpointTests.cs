using System.Net;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Scripting;
using AiGateway.FakeProviders.Tests.Support;

namespace AiGateway.FakeProviders.Tests.Anthropic;

public sealed class AnthropicEndpointTests
{
    private const string Hello = """{"model":"claude-sonnet-4","max_tokens":256,"messages":[{"role":"user","content":[{"type":"text","text":"Hello there"}]}]}""";
    private const string HelloStream = """{"model":"claude-sonnet-4","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""";

    private static readonly ScriptedReply Everything = new()
    {
        Content =
        [
            new ReplyThinking("Let me think.", "sig-123"),
            new ReplyText("Sure, checking."),
            new ReplyToolCall("get_weather", """{"city":"Paris"}""", "toolu_1"),
        ],
        StopReason = ReplyStopReason.ToolUse,
        Usage = new ReplyUsage(InputTokens: 20, OutputTokens: 9, CacheReadTokens: 100, CacheWriteTokens: 50),
    };

    [Fact]
    public async Task Messages_NothingScripted_EchoesFirstTextOfLastMessage()
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(host.Anthropic(Hello));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message", body["type"]!.GetValue<string>());
        Assert.Equal("echo: Hello there", body["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("end_turn", body["stop_reason"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("request-id"));
    }

    [Fact]
    public async Task Messages_ScriptedThinkingTextTool_RendersBlocksAndCacheUsage()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Anthropic, Everything);

        using var response = await host.SendAsync(host.Anthropic(Hello));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var content = body["content"]!.AsArray();
        Assert.Equal(["thinking", "text", "tool_use"], content.Select(block => block!["type"]!.GetValue<string>()));
        Assert.Equal("sig-123", content[0]!["signature"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"city":"Paris"}"""), content[2]!["input"]));
        Assert.Equal("tool_use", body["stop_reason"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"input_tokens":20,"cache_creation_input_tokens":50,"cache_read_input_tokens":100,"output_tokens":9}"""),
            body["usage"]));
    }

    [Fact]
    public async Task Stream_ScriptedThinkingTextTool_SendsEveryEventTypeInOrder()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Anthropic, Everything);

        using var response = await host.SendAsync(host.Anthropic(HelloStream));
        var events = SseTestReader.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.All(events, e => Assert.Equal(e.Name, e.Json["type"]!.GetValue<string>()));
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal("ping", events[1].Name);
        Assert.Equal(["message_delta", "message_stop"], events.TakeLast(2).Select(e => e.Name));
        var deltaTypes = events.Where(e => e.Name == "content_block_delta").Select(e => e.Json["delta"]!["type"]!.GetValue<string>()).Distinct();
        Assert.Equal(["thinking_delta", "signature_delta", "text_delta", "input_json_delta"], deltaTypes);
        Assert.Equal(3, events.Count(e => e.Name == "content_block_start"));
        Assert.Equal(3, events.Count(e => e.Name == "content_block_stop"));

        var toolJson = string.Concat(events.Where(e => e.Name == "content_block_delta" && e.Json["index"]!.GetValue<int>() == 2)
            .Select(e => e.Json["delta"]!["partial_json"]!.GetValue<string>()));
        Assert.Equal("""{"city":"Paris"}""", toolJson);
        var text = string.Concat(events.Where(e => e.Json["delta"]?["type"]?.GetValue<string>() == "text_delta").Select(e => e.Json["delta"]!["text"]!.GetValue<string>()));
        Assert.Equal("Sure, checking.", text);
        var signatureAt = events.ToList().FindIndex(e => e.Json["delta"]?["type"]?.GetValue<string>() == "signature_delta");
        Assert.Equal("content_block_stop", events[signatureAt + 1].Name);

        var start = events[0].Json["message"]!;
        Assert.Equal(20, start["usage"]!["input_tokens"]!.GetValue<int>());
        Assert.Equal(100, start["usage"]!["cache_read_input_tokens"]!.GetValue<int>());
        var delta = events[^2].Json;
        Assert.Equal("tool_use", delta["delta"]!["stop_reason"]!.GetValue<string>());
        Assert.Equal(9, delta["usage"]!["output_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task CountTokens_ScriptedUsage_ReturnsTotalInputTokens()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Anthropic, new ScriptedReply { Usage = new ReplyUsage(40, 0, CacheReadTokens: 2) });

        using var response = await host.SendAsync(host.Anthropic("""{"model":"claude-sonnet-4","messages":[{"role":"user","content":"Hi"}]}""", "/v1/messages/count_tokens"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"input_tokens":42}"""), JsonNode.Parse(await response.Content.ReadAsStringAsync())));
    }

    [Theory]
    [InlineData("x-api-key", "sk-ant-fake-anthropic-key", HttpStatusCode.OK)]
    [InlineData("Authorization", "Bearer sk-ant-fake-anthropic-key", HttpStatusCode.OK)]
    [InlineData("Authorization", "sk-ant-fake-anthropic-key", HttpStatusCode.Unauthorized)]
    [InlineData("x-api-key", "wrong", HttpStatusCode.Unauthorized)]
    public async Task Messages_KeyAsApiKeyOrBearer_IsChecked(string header, string value, HttpStatusCode expected)
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(FakeTestHost.Json("/v1/messages", Hello, (header, value), ("anthropic-version", "2023-06-01")));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Messages_WrongApiKey_Returns401AuthenticationError()
    {
        await using var host = await FakeTestHost.StartAsync();
        var request = FakeTestHost.Json("/v1/messages", Hello, ("x-api-key", "wrong"), ("anthropic-version", "2023-06-01"));

        using var response = await host.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("error", body["type"]!.GetValue<string>());
        Assert.Equal("authentication_error", body["error"]!["type"]!.GetValue<string>());
        Assert.StartsWith("req_", body["request_id"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_MissingAnthropicVersion_Returns400()
    {
        await using var host = await FakeTestHost.StartAsync();
        var request = FakeTestHost.Json("/v1/messages", Hello, ("x-api-key", host.Credentials.AnthropicApiKey));

        using var response = await host.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("anthropic-version: header is required", body["error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/v1/messages", """{"max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", "model")]
    [InlineData("/v1/messages", """{"model":"m","messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [InlineData("/v1/messages", """{"model":"m","max_tokens":"5","messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [InlineData("/v1/messages", """{"model":"m","max_tokens":5}""", "messages")]
    [InlineData("/v1/messages/count_tokens", """{"model":"m"}""", "messages")]
    [InlineData("/v1/messages", "[1,2]", "JSON object")]
    public async Task Messages_InvalidBody_Returns400InvalidRequestError(string path, string body, string mentioned)
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(host.Anthropic(body, path));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Contains(mentioned, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
