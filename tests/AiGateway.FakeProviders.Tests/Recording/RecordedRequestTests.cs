using System.Net;
using AiGateway.FakeProviders.Tests.Support;

namespace AiGateway.FakeProviders.Tests.Recording;

public sealed class RecordedRequestTests
{
    [Fact]
    public async Task ReceivedRequests_AnyRequest_RecordsMethodRawPathQueryHeadersAndBody()
    {
        await using var host = await FakeTestHost.StartAsync();
        var request = host.Anthropic("""{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""");
        request.Headers.TryAddWithoutValidation("anthropic-beta", ["a-1", "b-2"]);

        using var response = await host.SendAsync(request, http2: true);

        var recorded = Assert.Single(host.Server.ReceivedRequests);
        Assert.Equal(FakeProvider.Anthropic, recorded.Provider);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/v1/messages", recorded.Path);
        Assert.Equal("HTTP/2", recorded.Protocol);
        Assert.Equal("claude", recorded.Model);
        Assert.Equal(host.Credentials.AnthropicApiKey, recorded.Header("X-API-KEY"));
        // HttpClient folds the two values into one header line; the fake records what arrived.
        Assert.Equal("a-1, b-2", recorded.Header("anthropic-beta"));
        Assert.Equal(5, recorded.BodyJson()!["max_tokens"]!.GetValue<int>());
        Assert.Equal(200, recorded.ResponseStatus);
    }

    [Fact]
    public async Task ReceivedRequests_RejectedRequest_IsRecordedWithItsStatus()
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(FakeTestHost.Json("/v1/chat/completions", "{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, Assert.Single(host.Server.ReceivedRequests).ResponseStatus);
    }

    [Fact]
    public async Task ReceivedRequests_UnknownPath_IsRecordedWithoutProviderAnd404()
    {
        await using var host = await FakeTestHost.StartAsync();

        using var response = await host.SendAsync(FakeTestHost.Json("/v2/unknown?x=1", "{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var recorded = Assert.Single(host.Server.ReceivedRequests);
        Assert.Null(recorded.Provider);
        Assert.Equal("?x=1", recorded.Query);
    }

    [Fact]
    public async Task WaitForRequestAsync_RequestArrivesLater_CompletesWithIt()
    {
        await using var host = await FakeTestHost.StartAsync();
        var waiting = host.Server.WaitForRequestAsync(r => r.Model == "gpt-late", FakeTestHost.Timeout);

        Assert.False(waiting.IsCompleted);
        using var response = await host.SendAsync(host.OpenAi("""{"model":"gpt-late","messages":[{"role":"user","content":"x"}]}"""));

        Assert.Equal("gpt-late", (await waiting.WaitAsync(FakeTestHost.Timeout)).Model);
    }

    [Fact]
    public async Task Reset_AfterRequests_ForgetsThem()
    {
        await using var host = await FakeTestHost.StartAsync();
        using var response = await host.SendAsync(FakeTestHost.Json("/v1/messages", "{}"));

        host.Server.Reset();

        Assert.Empty(host.Server.ReceivedRequests);
    }
}
