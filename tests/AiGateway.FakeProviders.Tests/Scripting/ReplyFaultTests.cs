using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Scripting;
using AiGateway.FakeProviders.Tests.Support;

namespace AiGateway.FakeProviders.Tests.Scripting;

public sealed class ReplyFaultTests
{
    private const string OpenAiStream = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true}""";
    private const string AnthropicStream = """{"model":"claude","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""";
    private const string Converse = """{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}""";
    private const string ModelPath = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/";
    private const string LongText = "one two three four five six seven";

    [Theory]
    [InlineData(FakeProvider.OpenAi, 429, null, "requests")]
    [InlineData(FakeProvider.OpenAi, 500, null, "server_error")]
    [InlineData(FakeProvider.OpenAi, 503, null, "server_error")]
    [InlineData(FakeProvider.AzureOpenAi, 429, null, "requests")]
    [InlineData(FakeProvider.Anthropic, 429, null, "rate_limit_error")]
    [InlineData(FakeProvider.Anthropic, 500, null, "api_error")]
    [InlineData(FakeProvider.Anthropic, 529, null, "overloaded_error")]
    [InlineData(FakeProvider.Bedrock, 429, null, "ThrottlingException")]
    [InlineData(FakeProvider.Bedrock, 429, "ModelNotReadyException", "ModelNotReadyException")]
    [InlineData(FakeProvider.Bedrock, 424, null, "ModelErrorException")]
    [InlineData(FakeProvider.Bedrock, 500, null, "InternalServerException")]
    [InlineData(FakeProvider.Bedrock, 503, null, "ServiceUnavailableException")]
    public async Task Status_Scripted_ReturnsProviderErrorWithRetryAfter(FakeProvider provider, int status, string? errorType, string expectedType)
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(provider, new ScriptedReply { Fault = new ReplyFault { Status = status, ErrorType = errorType, RetryAfter = TimeSpan.FromSeconds(2) } });

        using var response = await host.SendAsync(RequestFor(host, provider, stream: false));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("retry-after").Single());
        var actualType = provider switch
        {
            FakeProvider.Bedrock => response.Headers.GetValues("x-amzn-ErrorType").Single().Split(':')[0],
            _ => body["error"]!["type"]!.GetValue<string>(),
        };
        Assert.Equal(expectedType, actualType);
        Assert.Equal(status, host.Server.ReceivedRequests[0].ResponseStatus);
    }

    [Fact]
    public async Task DelayBeforeHeaders_Scripted_HoldsTheResponseBack()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Anthropic, ScriptedReply.Text("late") with { Fault = new ReplyFault { DelayBeforeHeaders = TimeSpan.FromMilliseconds(300) } });
        var clock = Stopwatch.StartNew();

        using var response = await host.SendAsync(RequestFor(host, FakeProvider.Anthropic, stream: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"answered after {clock.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResetBeforeHeaders_Scripted_FailsTheRequestWithoutResponse(bool http2)
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.OpenAi, ScriptedReply.Failing(new ReplyFault { ResetBeforeHeaders = true }));

        await Assert.ThrowsAsync<HttpRequestException>(() => host.SendAsync(RequestFor(host, FakeProvider.OpenAi, stream: false), http2));

        Assert.Equal(0, Assert.Single(host.Server.ReceivedRequests).ResponseStatus);
    }

    [Theory]
    [InlineData(FakeProvider.OpenAi, false)]
    [InlineData(FakeProvider.Anthropic, false)]
    [InlineData(FakeProvider.Bedrock, false)]
    [InlineData(FakeProvider.Bedrock, true)]
    public async Task CutAfterChunks_Streaming_DeliversExactlyThoseChunksThenFails(FakeProvider provider, bool http2)
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(provider, ScriptedReply.Failing(new ReplyFault { CutAfterChunks = 3 }) with { Content = [new ReplyText(LongText)] });

        using var response = await host.SendAsync(RequestFor(host, provider, stream: true, http2), http2, HttpCompletionOption.ResponseHeadersRead);
        var (received, failure) = await ReadUntilEndAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(failure);
        var chunks = provider == FakeProvider.Bedrock
            ? EventStreamTestDecoder.Decode(received).Count
            : SseTestReader.Parse(Encoding.UTF8.GetString(received)).Count;
        Assert.Equal(3, chunks);
        Assert.False(host.Server.ReceivedRequests[0].CallerCancelled, "the fake's own cut is not the caller's cancel");
    }

    [Theory]
    [InlineData(FakeProvider.OpenAi, false)]
    [InlineData(FakeProvider.Anthropic, false)]
    [InlineData(FakeProvider.Bedrock, false)]
    [InlineData(FakeProvider.Bedrock, true)]
    public async Task Stream_CallerLeavesMidStream_IsRecordedAsCancelled(FakeProvider provider, bool http2)
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(provider, ScriptedReply.Failing(new ReplyFault { DelayBetweenChunks = TimeSpan.FromMilliseconds(200) }) with { Content = [new ReplyText(LongText)] });

        using (var response = await host.SendAsync(RequestFor(host, provider, stream: true, http2), http2, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[4096]).AsTask().WaitAsync(FakeTestHost.Timeout) > 0);
        }

        var request = Assert.Single(host.Server.ReceivedRequests);
        await WaitUntilAsync(() => request.CallerCancelled);
        Assert.Equal(200, request.ResponseStatus);
    }

    [Fact]
    public async Task Stream_ReadToTheEnd_IsNotCancelled()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Anthropic, ScriptedReply.Text(LongText));

        using var response = await host.SendAsync(RequestFor(host, FakeProvider.Anthropic, stream: true));
        var events = SseTestReader.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("message_stop", events[^1].Name);
        Assert.False(Assert.Single(host.Server.ReceivedRequests).CallerCancelled);
    }

    [Fact]
    public async Task CorruptFrameAt_ConverseStream_OnlyThatFrameFailsItsCrc()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Bedrock, ScriptedReply.Failing(new ReplyFault { CorruptFrameAt = 2 }) with { Content = [new ReplyText(LongText)] });

        using var response = await host.SendAsync(RequestFor(host, FakeProvider.Bedrock, stream: true));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var error = Assert.Throws<InvalidDataException>(() => EventStreamTestDecoder.Decode(bytes));
        Assert.Equal("Frame 2 has a bad message CRC.", error.Message);
    }

    [Fact]
    public async Task StreamErrorAfterChunks_OpenAi_SendsErrorDataLineAndEnds()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.OpenAi, ScriptedReply.Failing(new ReplyFault { StreamErrorAfterChunks = 2, Status = 500 }) with { Content = [new ReplyText(LongText)] });

        using var response = await host.SendAsync(RequestFor(host, FakeProvider.OpenAi, stream: true));
        var events = SseTestReader.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, events.Count);
        Assert.Equal("server_error", events[^1].Json["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task StreamErrorAfterChunks_Anthropic_SendsErrorEventAndEnds()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Anthropic, ScriptedReply.Failing(new ReplyFault { StreamErrorAfterChunks = 3 }));

        using var response = await host.SendAsync(RequestFor(host, FakeProvider.Anthropic, stream: true));
        var events = SseTestReader.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(4, events.Count);
        Assert.Equal("error", events[^1].Name);
        Assert.Equal("overloaded_error", events[^1].Json["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task StreamErrorAfterChunks_Bedrock_SendsExceptionFrameAndEnds()
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(FakeProvider.Bedrock, ScriptedReply.Failing(new ReplyFault { StreamErrorAfterChunks = 1, Status = 429 }));

        using var response = await host.SendAsync(RequestFor(host, FakeProvider.Bedrock, stream: true));
        var frames = EventStreamTestDecoder.Decode(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, frames.Count);
        Assert.Equal("exception", frames[1].Headers[":message-type"]);
        Assert.Equal("throttlingException", frames[1].Headers[":exception-type"]);
        Assert.Equal("Too many requests, please wait before trying again.", frames[1].Json["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(FakeProvider.Anthropic)]
    [InlineData(FakeProvider.Bedrock)]
    public async Task Stream_SlowChunks_FirstChunkArrivesBeforeTheRest(FakeProvider provider)
    {
        await using var host = await FakeTestHost.StartAsync();
        host.Server.Script(provider, ScriptedReply.Failing(new ReplyFault { DelayBetweenChunks = TimeSpan.FromSeconds(20) }));
        using var request = RequestFor(host, provider, stream: true);

        using var response = await host.Http1.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(FakeTestHost.Timeout);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        var read = await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(read > 0);
        var first = provider == FakeProvider.Bedrock ? EventStreamTestDecoder.Decode(buffer.AsSpan(0, read))[0].EventType : SseTestReader.Parse(Encoding.UTF8.GetString(buffer, 0, read))[0].Name;
        Assert.Equal(provider == FakeProvider.Bedrock ? "messageStart" : "message_start", first);
    }

    private static HttpRequestMessage RequestFor(FakeTestHost host, FakeProvider provider, bool stream, bool http2 = false) => provider switch
    {
        FakeProvider.OpenAi => host.OpenAi(stream ? OpenAiStream : OpenAiStream.Replace("\"stream\":true", "\"stream\":false", StringComparison.Ordinal)),
        FakeProvider.AzureOpenAi => FakeTestHost.Json("/openai/deployments/d/chat/completions?api-version=2024-10-21", OpenAiStream, ("api-key", host.Credentials.AzureOpenAiApiKey)),
        FakeProvider.Anthropic => host.Anthropic(stream ? AnthropicStream : AnthropicStream.Replace("\"stream\":true,", string.Empty, StringComparison.Ordinal)),
        _ => host.Bedrock(ModelPath + (stream ? "converse-stream" : "converse"), Converse, http2: http2),
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(FakeTestHost.Timeout);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private static async Task<(byte[] Received, Exception? Failure)> ReadUntilEndAsync(HttpResponseMessage response)
    {
        using var received = new MemoryStream();
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(received).WaitAsync(FakeTestHost.Timeout);
            return (received.ToArray(), null);
        }
        catch (IOException exception)
        {
            return (received.ToArray(), exception);
        }
        catch (HttpRequestException exception)
        {
            return (received.ToArray(), exception);
        }
    }
}
