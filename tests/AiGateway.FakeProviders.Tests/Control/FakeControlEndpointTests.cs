using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Tests.Support;

namespace AiGateway.FakeProviders.Tests.Control;

public sealed class FakeControlEndpointTests
{
    private static readonly FakeProviderOptions WithControl = new() { EnableControlApi = true };

    [Fact]
    public async Task Script_JsonReplies_AreServedInOrder()
    {
        await using var host = await FakeTestHost.StartAsync(WithControl);
        const string Script = """
            {"provider":"openai","replies":[
              {"content":[{"toolCall":{"name":"f","arguments":{"a":1},"id":"call_9"}}],"stopReason":"tool_use","usage":{"inputTokens":3,"outputTokens":4,"cacheReadTokens":2}},
              {"fault":{"status":429,"retryAfterSeconds":7}}]}
            """;

        using var scripted = await host.SendAsync(FakeTestHost.Json("/__fake/script", Script));
        using var first = await host.SendAsync(host.OpenAi("""{"model":"m","messages":[{"role":"user","content":"x"}]}"""));
        using var second = await host.SendAsync(host.OpenAi("""{"model":"m","messages":[{"role":"user","content":"x"}]}"""));

        Assert.Equal(2, JsonNode.Parse(await scripted.Content.ReadAsStringAsync())!["queued"]!.GetValue<int>());
        var body = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.Equal("""{"a":1}""", body["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal(5, body["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("7", second.Headers.GetValues("retry-after").Single());
    }

    [Fact]
    public async Task Requests_AfterTraffic_ListsThemWithBase64Bodies()
    {
        await using var host = await FakeTestHost.StartAsync(WithControl);
        using var sent = await host.SendAsync(FakeTestHost.Json("/v1/messages", """{"hello":1}"""));

        using var listed = await host.Http1.GetAsync(new Uri("/__fake/requests", UriKind.Relative)).WaitAsync(FakeTestHost.Timeout);
        var request = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!["requests"]![0]!;

        Assert.Equal("Anthropic", request["provider"]!.GetValue<string>());
        Assert.Equal("/v1/messages", request["path"]!.GetValue<string>());
        Assert.Equal("""{"hello":1}""", Encoding.UTF8.GetString(Convert.FromBase64String(request["bodyBase64"]!.GetValue<string>())));
        Assert.Equal(401, request["responseStatus"]!.GetValue<int>());
        Assert.False(request["callerCancelled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Script_NeitherProviderNorModel_Returns400()
    {
        await using var host = await FakeTestHost.StartAsync(WithControl);

        using var response = await host.SendAsync(FakeTestHost.Json("/__fake/script", """{"replies":[]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ControlApi_NotEnabled_IsAnUnknownPath()
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(FakeTestHost.Json("/__fake/script", """{"provider":"openai","replies":[]}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single(host.Server.ReceivedRequests);
    }
}
