using System.Net;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Scripting;
using AiGateway.FakeProviders.Tests.Support;

namespace AiGateway.FakeProviders.Tests.OpenAi;

public sealed class OpenAiEndpointTests
{
    private const string Hello = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello there"}]}""";

    [Fact]
    public async Task Completion_NothingScripted_EchoesLastUserText()
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(host.OpenAi(Hello));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", body["object"]!.GetValue<string>());
        Assert.Equal("gpt-4o", body["model"]!.GetValue<string>());
        Assert.Equal("echo: Hello there", body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal("stop", body["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Completion_ScriptedToolCallWithCacheUsage_RendersOpenAiShapes()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.OpenAi, ScriptedReply.ToolCall("get_weather", """{"city":"Paris"}""", "call_1") with
        {
            Usage = new ReplyUsage(InputTokens: 10, OutputTokens: 7, CacheReadTokens: 30, CacheWriteTokens: 5, ReasoningTokens: 3),
        });

        using var response = await host.SendAsync(host.OpenAi(Hello));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var call = body["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal("call_1", call["id"]!.GetValue<string>());
        Assert.Equal("""{"city":"Paris"}""", call["function"]!["arguments"]!.GetValue<string>());
        Assert.Null(body["choices"]![0]!["message"]!["content"]);
        Assert.Equal("tool_calls", body["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(45, body["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(30, body["usage"]!["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>());
        Assert.Equal(52, body["usage"]!["total_tokens"]!.GetValue<int>());
        Assert.Equal(3, body["usage"]!["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stream_IncludeUsage_AddsUsageChunkBeforeDone(bool includeUsage)
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.OpenAi, ScriptedReply.Text("one two three") with { Usage = new ReplyUsage(12, 3) });
        var body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":INCLUDE}}"""
            .Replace("INCLUDE", includeUsage ? "true" : "false", StringComparison.Ordinal);

        using var response = await host.SendAsync(host.OpenAi(body));
        var events = SseTestReader.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.All(events, e => Assert.Null(e.Name));
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => e.Json).ToList();
        Assert.Equal("assistant", chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>());
        var text = string.Concat(chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => c["choices"]![0]!["delta"]!["content"]?.GetValue<string>()));
        Assert.Equal("one two three", text);
        var finish = chunks.Single(c => c["choices"]!.AsArray().Count > 0 && c["choices"]![0]!["finish_reason"] is not null);
        Assert.Equal("stop", finish["choices"]![0]!["finish_reason"]!.GetValue<string>());
        if (includeUsage)
        {
            Assert.Empty(chunks[^1]["choices"]!.AsArray());
            Assert.Equal(15, chunks[^1]["usage"]!["total_tokens"]!.GetValue<int>());
            Assert.All(chunks.SkipLast(1), c => Assert.Null(c["usage"]));
        }
        else
        {
            Assert.Same(finish, chunks[^1]);
            Assert.All(chunks, c => Assert.False(c.AsObject().ContainsKey("usage")));
        }
    }

    [Fact]
    public async Task Stream_ToolCalls_IndexCountsToolCallsAndArgumentsConcatenate()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.OpenAi, new ScriptedReply
        {
            Content = [new ReplyText("Checking."), new ReplyToolCall("a", """{"x":1}"""), new ReplyToolCall("b", """{"y":[2,3]}""")],
            StopReason = ReplyStopReason.ToolUse,
        });

        using var response = await host.SendAsync(host.OpenAi("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true}"""));
        var deltas = SseTestReader.Parse(await response.Content.ReadAsStringAsync()).SkipLast(1)
            .Select(e => e.Json["choices"]![0]!["delta"]!).Where(d => d["tool_calls"] is not null).Select(d => d["tool_calls"]![0]!).ToList();

        Assert.Equal(["a", "b"], deltas.Where(d => d["id"] is not null).Select(d => d["function"]!["name"]!.GetValue<string>()));
        Assert.Equal("""{"x":1}""", string.Concat(deltas.Where(d => d["index"]!.GetValue<int>() == 0).Select(d => d["function"]!["arguments"]!.GetValue<string>())));
        Assert.Equal("""{"y":[2,3]}""", string.Concat(deltas.Where(d => d["index"]!.GetValue<int>() == 1).Select(d => d["function"]!["arguments"]!.GetValue<string>())));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("sk-fake-openai-key")]
    public async Task Completion_BadBearerKey_Returns401InOpenAiFormat(string? authorization)
    {
        await using var host = await FakeTestHost.StartAsync();
        var request = FakeTestHost.Json("/v1/chat/completions", Hello);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await host.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", error["code"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json", "could not parse")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "model")]
    [InlineData("""{"model":"gpt-4o"}""", "messages")]
    [InlineData("""{"model":"gpt-4o","messages":[]}""", "messages")]
    [InlineData("""{"model":"gpt-4o","messages":[{"content":"no role"}]}""", "messages")]
    [InlineData("""{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}}""", "stream_options")]
    public async Task Completion_InvalidBody_Returns400InOpenAiFormat(string body, string mentioned)
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(host.OpenAi(body));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Contains(mentioned, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_DeploymentPathWithApiKey_AnswersAndRecordsDeploymentAsModel()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.ScriptModel("my-gpt4o", ScriptedReply.Text("from azure"));
        var request = FakeTestHost.Json("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21", """{"messages":[{"role":"user","content":"Hi"}]}""", ("api-key", host.Credentials.AzureOpenAiApiKey));

        using var response = await host.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from azure", body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        var recorded = Assert.Single(host.Server.ReceivedRequests);
        Assert.Equal(FakeProvider.AzureOpenAi, recorded.Provider);
        Assert.Equal("my-gpt4o", recorded.Model);
        Assert.Equal("?api-version=2024-10-21", recorded.Query);
    }

    [Fact]
    public async Task Azure_WrongApiKey_Returns401InAzureFormat()
    {
        await using var host = await FakeTestHost.StartAsync();
        var request = FakeTestHost.Json("/openai/deployments/d/chat/completions?api-version=2024-10-21", Hello, ("Authorization", "Bearer " + host.Credentials.OpenAiApiKey));

        using var response = await host.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("401", error["code"]!.GetValue<string>());
        Assert.StartsWith("Access denied", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_MissingApiVersion_Returns400()
    {
        await using var host = await FakeTestHost.StartAsync();
        var request = FakeTestHost.Json("/openai/deployments/d/chat/completions", Hello, ("api-key", host.Credentials.AzureOpenAiApiKey));

        using var response = await host.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("api-version", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
