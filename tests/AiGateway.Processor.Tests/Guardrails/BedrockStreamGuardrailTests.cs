using Grpc.Core;
using System.Text;
using System.Text.Json;
using AiGateway.FakeProviders;
using AiGateway.Processor.Credentials;
using AiGateway.Processor.Tests.Infrastructure;
using Amazon.Runtime;
using Envoy.Service.ExtProc.V3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Guardrails;

/// <summary>
/// A policy's Bedrock guardrail on streamed answers, through the processor, against the fake ApplyGuardrail endpoint
/// (which verifies SigV4). The answer spans three windows: two released one by one, the rest at the end of the block.
/// </summary>
public sealed class BedrockStreamGuardrailTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly string[] Deltas =
    [
        "Hello there, this is the clean first sentence of the answer. ",
        "Please write to jane@example.com about it. ",
        "Then the lockpick part. ",
        "Bye.",
    ];

    private static readonly string Answer = string.Concat(Deltas);

    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync().WaitAsync(Timeout);

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public static TheoryData<string, string, bool, string?, string?> Cases()
    {
        var data = new TheoryData<string, string, bool, string?, string?>();
        foreach (var client in new[] { "openai", "anthropic" })
        {
            // client, guardrail id, fail_open, the decision recorded ("rule/action"), the rule named by the error event
            data.Add(client, "plain", false, null, null);
            data.Add(client, "topic", false, "bedrock/block", "bedrock");
            data.Add(client, "anonymized", false, "bedrock/mask", null);
            data.Add(client, "slow", false, "bedrock-unavailable/block", "bedrock-unavailable");
            data.Add(client, "slow", true, "bedrock-unavailable/detect", null);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Stream_BedrockVerdict_IsAppliedPerWindow(string client, string guardrailId, bool failOpen, string? decision, string? blockedRule)
    {
        using var config = new TempConfig(Config(guardrailId, failOpen));
        var streamed = new StringBuilder();
        await using (var processor = await StartAsync(config.Path))
        {
            // Message by message, as Envoy sends them: once the stream ends with an error event the exchange is over
            // and the processor answers nothing more (a blocked stream is cut by the error event).
            using var call = processor.Client.Process();
            foreach (var message in Messages(client))
            {
                await call.RequestStream.WriteAsync(message).WaitAsync(Timeout);
                Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
                if (message.RequestCase == ProcessingRequest.RequestOneofCase.ResponseBody)
                {
                    streamed.Append(call.ResponseStream.Current.ResponseBody.Response.BodyMutation.Body.ToStringUtf8());
                    if (streamed.ToString().Contains("rule '", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
            }

            await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
            Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout), "the exchange ends (and is recorded) with the call");
        }

        var stream = streamed.ToString();
        var text = Text(client, stream);
        var error = stream.IndexOf(client == "openai" ? "data: {\"error\"" : "event: error", StringComparison.Ordinal);
        if (blockedRule is null)
        {
            Assert.Equal(guardrailId == "anonymized" ? Answer.Replace("jane@example.com", "{EMAIL}", StringComparison.Ordinal) : Answer, text);
            Assert.Equal(-1, error);
        }
        else
        {
            Assert.True(error >= 0, "the stream ends with an error event");
            Assert.Contains($"policy 'aws' (rule '{blockedRule}')", stream[error..], StringComparison.Ordinal);
            Assert.DoesNotContain("lockpick", stream, StringComparison.Ordinal);

            // A topic block comes after the clean windows were released; a guardrail that fails closed releases nothing.
            Assert.Equal(guardrailId == "topic" ? Deltas[0] + Deltas[1] : "", text);
            var events = stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("error", events[^1], StringComparison.Ordinal);
            Assert.Single(events, e => e.Contains("rule '", StringComparison.Ordinal));
        }

        var recorded = await DecisionsAsync(config).WaitAsync(Timeout);
        Assert.Equal(decision is null ? [] : [$"aws/{decision}/response"], recorded);
    }

    private static IEnumerable<ProcessingRequest> Messages(string client)
    {
        List<string> chunks = client == "openai"
            ? [.. Deltas.Select(OpenAiDelta), OpenAiDone]
            : [AnthropicStart + AnthropicDelta(Deltas[0]), .. Deltas.Skip(1).Select(AnthropicDelta), AnthropicDone];
        var path = client == "openai" ? "/v1/chat/completions" : "/v1/messages";
        var model = client == "openai" ? "gpt-4o-mini" : "claude-sonnet";
        yield return RequestHeaders("POST", path, ("x-request-id", "rid-stream"));
        yield return RequestBody($$"""{"model":"{{model}}","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        yield return ResponseHeaders(200, ("content-type", "text/event-stream"));
        for (var i = 0; i < chunks.Count; i++)
        {
            yield return ResponseBody(chunks[i], endOfStream: i == chunks.Count - 1);
        }
    }

    private static string Text(string client, string streamed)
    {
        var text = new StringBuilder();
        foreach (var line in streamed.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)))
        {
            using var json = JsonDocument.Parse(line[6..]);
            var root = json.RootElement;
            if (client == "openai" && root.TryGetProperty("choices", out var choices) && choices[0].GetProperty("delta").TryGetProperty("content", out var content))
            {
                text.Append(content.GetString());
            }
            else if (client == "anthropic" && root.GetProperty("type").GetString() == "content_block_delta")
            {
                text.Append(root.GetProperty("delta").GetProperty("text").GetString());
            }
        }

        return text.ToString();
    }

    private static async Task<List<string>> DecisionsAsync(TempConfig config)
    {
        var line = (await File.ReadAllLinesAsync(Path.Combine(config.Directory, "usage.jsonl"))).Single(l => l.Length > 0);
        using var record = JsonDocument.Parse(line);
        return record.RootElement.TryGetProperty("guardrails", out var decisions)
            ? [.. decisions.EnumerateArray().Select(d => $"{d.GetProperty("policy").GetString()}/{d.GetProperty("rule").GetString()}/{d.GetProperty("action").GetString()}/{d.GetProperty("direction").GetString()}")]
            : [];
    }

    /// <remarks>Only the slow guardrail gets a short time bound: a loaded test machine must not make the others time out.</remarks>
    private string Config(string guardrailId, bool failOpen) => $$"""
        identity: { anonymous_team: dev }
        teams: { dev: {} }
        providers:
          openai: { kind: openai, api_key: { env: AIGW_TEST_GUARD_OPENAI_KEY } }
          anthropic: { kind: anthropic, api_key: { env: AIGW_TEST_GUARD_OPENAI_KEY } }
        backends:
          openai-mini: { provider: openai, model: gpt-4o-mini }
          claude: { provider: anthropic, model: claude-sonnet-4-20250514 }
        models:
          gpt-4o-mini: { backends: [openai-mini] }
          claude-sonnet: { backends: [claude] }
        telemetry: { usage_records: usage.jsonl }
        guardrails:
          stream: { window_chars: 64, overlap_chars: 16, bedrock_window_chars: 64 }
          policies:
            aws:
              bedrock: { guardrail_id: {{guardrailId}}, version: "1", region: us-east-1, endpoint: "{{_fake.Http1Address}}", timeout: {{(guardrailId == "slow" ? "300ms" : "3s")}}, fail_open: {{(failOpen ? "true" : "false")}}, directions: [response] }
        """;

    private Task<TestProcessor> StartAsync(string path)
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_GUARD_OPENAI_KEY", "sk-provider-test");
        var credentials = new ImmutableCredentials(_fake.Credentials.AwsAccessKeyId, _fake.Credentials.AwsSecretAccessKey, null);
        return TestProcessor.StartAsync(path, services =>
        {
            services.RemoveAll<IAwsCredentialSource>();
            services.AddSingleton<IAwsCredentialSource>(new FixedCredentials(credentials));
        });
    }

    private static string OpenAiDelta(string text) =>
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JsonSerializer.Serialize(text) + "},\"finish_reason\":null}]}\n\n";

    private const string OpenAiDone =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

    private const string AnthropicStart =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";

    private static string AnthropicDelta(string text) =>
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + JsonSerializer.Serialize(text) + "}}\n\n";

    private const string AnthropicDone =
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":30}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private sealed class FixedCredentials(ImmutableCredentials credentials) : IAwsCredentialSource
    {
        public ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) => new(credentials);
    }
}
