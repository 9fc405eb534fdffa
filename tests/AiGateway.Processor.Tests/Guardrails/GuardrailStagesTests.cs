using Grpc.Core;
using System.Text;
using System.Text.Json;
using AiGateway.Processor.Credentials;
using AiGateway.Processor.Tests.Infrastructure;
using Amazon.Runtime;
using Envoy.Service.ExtProc.V3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Guardrails;

/// <summary>Request and response guardrails through the processor, as Envoy drives them.</summary>
public sealed class GuardrailStagesTests
{
    private const string Config = """
        identity: { anonymous_team: dev }
        teams: { dev: {}, other: {} }
        providers:
          openai: { kind: openai, api_key: { env: AIGW_TEST_GUARD_OPENAI_KEY } }
          bedrock: { kind: bedrock, region: us-east-1 }
        backends:
          bedrock-claude: { provider: bedrock, model: us.anthropic.claude-sonnet-4-v1:0 }
          openai-mini: { provider: openai, model: gpt-4o-mini }
        models:
          claude-sonnet: { backends: [bedrock-claude] }
          gpt-4o-mini: { backends: [openai-mini] }
        guardrails:
          refusal_message: Withheld by policy.
          stream: { window_chars: 64, overlap_chars: 16 }
          policies:
            credentials:
              rules:
                - { detector: aws-secret-key, action: block, directions: [request] }
                - { detector: private-key, action: block }
            pii:
              teams: [dev]
              rules:
                - { detector: email, action: mask }
                - { detector: us-ssn, action: detect }
                - { name: codename, deny: [project falcon], action: block, directions: [response] }
            elsewhere:
              teams: [other]
              rules:
                - { detector: ipv4, action: block }
        """;

    private static readonly string[] StreamTexts = ["Hello, write to jane.do", "e@example.com for help. ", "Thanks!"];

    private static readonly ImmutableCredentials Aws = new("AKIDTEST", "test-secret", "test-token");

    [Theory]
    [InlineData("/v1/chat/completions", "gpt-4o-mini", "content_filter", "code")]
    [InlineData("/v1/messages", "claude-sonnet", "invalid_request_error", "type")]
    public async Task Request_WithAwsSecretKey_Is400InClientFormat_NamingPolicyNotText(string path, string model, string expected, string field)
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);
        const string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        var body = $$"""{"model":"{{model}}","max_tokens":10,"messages":[{"role":"user","content":"my key is {{secret}}"}]}""";

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", path), RequestBody(body));

        var reply = responses[^1].ImmediateResponse;
        Assert.Equal(400, (int)reply.Status.Code);
        var text = reply.Body.ToStringUtf8();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(expected, error.GetProperty(field).GetString());
        Assert.Contains("'credentials' (rule 'aws-secret-key')", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_PolicyOfAnotherTeam_DoesNotApply()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/chat/completions"),
            RequestBody("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"ping 10.0.0.1"}]}"""));

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, responses[^1].ResponseCase);
    }

    [Fact]
    public async Task Request_MaskedEmail_ReachesBedrockMaskedThroughTheBridge_OnEveryAttempt()
    {
        using var config = new TempConfig(Config);
        await using var processor = await StartWithAwsAsync(config.Path);
        const string body = """{"model":"claude-sonnet","messages":[{"role":"system","content":"Reply to ops@corp.example."},{"role":"user","content":[{"type":"text","text":"Mail jane@example.com, SSN 123-45-6789"}]}]}""";

        using var router = processor.Client.Process();
        await router.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "rid-mask")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await router.RequestStream.WriteAsync(RequestBody(body));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, router.ResponseStream.Current.ResponseCase);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var answer = await processor.ExchangeAsync(UpstreamRequestHeaders("bedrock-claude", ("x-aigw-request-id", "rid-mask")));
            var sent = answer[0].RequestHeaders.Response.BodyMutation.Body.ToStringUtf8();
            using var converse = JsonDocument.Parse(sent);
            Assert.Equal("Reply to [EMAIL].", converse.RootElement.GetProperty("system")[0].GetProperty("text").GetString());
            Assert.Equal("Mail [EMAIL], SSN 123-45-6789", converse.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
        }

        await router.RequestStream.CompleteAsync();
        Assert.False(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
    }

    [Fact]
    public async Task Request_MaskedEmail_PassthroughToOpenAi_KeepsOtherBytes()
    {
        using var config = new TempConfig(Config);
        await using var processor = await StartWithAwsAsync(config.Path);
        const string body = """{"model":"gpt-4o-mini","temperature":0.5,"messages":[{"role":"user","content":"write to a.b@c.io"}]}""";

        using var router = processor.Client.Process();
        await router.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "rid-pass")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await router.RequestStream.WriteAsync(RequestBody(body));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));

        var answer = await processor.ExchangeAsync(UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "rid-pass")));

        Assert.Equal(
            """{"model":"gpt-4o-mini","temperature":0.5,"messages":[{"role":"user","content":"write to [EMAIL]"}]}""",
            answer[0].RequestHeaders.Response.BodyMutation.Body.ToStringUtf8());
        await router.RequestStream.CompleteAsync();
        Assert.False(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
    }

    [Theory]
    [InlineData("Contact x@y.org please.", "Contact [EMAIL] please.", "stop")]
    [InlineData("About Project Falcon: it ships.", "Withheld by policy.", "content_filter")]
    public async Task Response_NonStreaming_MaskedOrRefused(string answer, string expected, string finish)
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);
        var completion = $$$"""{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"{{{answer}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

        var responses = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/chat/completions"),
            RequestBody("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""),
            ResponseHeaders(200, ("content-type", "application/json")),
            ResponseBody(completion));

        using var json = JsonDocument.Parse(responses[^1].ResponseBody.Response.BodyMutation.Body.Memory);
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal(expected, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(finish, choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Response_AnthropicNonStreaming_Blocked_IsRefusalStopReason()
    {
        using var config = new TempConfig(Config.Replace("bedrock-claude: { provider: bedrock, model: us.anthropic.claude-sonnet-4-v1:0 }", "bedrock-claude: { provider: bedrock, model: m }", StringComparison.Ordinal));
        await using var processor = await TestProcessor.StartAsync(config.Path);
        const string message = """{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet","content":[{"type":"text","text":"project falcon details"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}""";

        var responses = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/messages"),
            RequestBody("""{"model":"claude-sonnet","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"""),
            ResponseHeaders(200, ("content-type", "application/json")),
            ResponseBody(message));

        using var json = JsonDocument.Parse(responses[^1].ResponseBody.Response.BodyMutation.Body.Memory);
        Assert.Equal("refusal", json.RootElement.GetProperty("stop_reason").GetString());
        Assert.Equal("Withheld by policy.", json.RootElement.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Response_Streaming_EmailSplitAcrossChunks_IsReleasedMasked()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);
        var chunks = StreamTexts
            .Select(t => $$$"""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":{{{JsonSerializer.Serialize(t)}}}},"finish_reason":null}]}""" + "\n\n")
            .ToList();
        chunks.Add("""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\ndata: [DONE]\n\n");

        var messages = new List<ProcessingRequest>
        {
            RequestHeaders("POST", "/v1/chat/completions"),
            RequestBody("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}"""),
            ResponseHeaders(200, ("content-type", "text/event-stream")),
        };
        messages.AddRange(chunks.Select((c, i) => ResponseBody(c, endOfStream: i == chunks.Count - 1)));
        var responses = await processor.ExchangeAsync([.. messages]);

        var streamed = string.Concat(responses.Skip(3).Select(r => r.ResponseBody.Response.BodyMutation.Body.ToStringUtf8()));
        var text = new StringBuilder();
        foreach (var line in streamed.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)))
        {
            using var chunk = JsonDocument.Parse(line[6..]);
            if (chunk.RootElement.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content))
            {
                text.Append(content.GetString());
            }
        }

        Assert.Equal("Hello, write to [EMAIL] for help. Thanks!", text.ToString());
        Assert.DoesNotContain("example.com", streamed, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", streamed, StringComparison.Ordinal);
    }

    private static Task<TestProcessor> StartWithAwsAsync(string path)
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_GUARD_OPENAI_KEY", "sk-provider-test");
        return TestProcessor.StartAsync(path, services =>
        {
            services.RemoveAll<IAwsCredentialSource>();
            services.AddSingleton<IAwsCredentialSource>(new FixedCredentials());
        });
    }

    private sealed class FixedCredentials : IAwsCredentialSource
    {
        public ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) => new(Aws);
    }
}
