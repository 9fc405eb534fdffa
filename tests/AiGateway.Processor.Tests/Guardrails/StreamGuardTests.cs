using System.Buffers;
using System.Text;
using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Guardrails;
using AiGateway.Processor.Translation;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Processor.Tests.Guardrails;

public sealed class StreamGuardTests
{
    private const string Secret = "AKIAIOSFODNN7EXAMPLE";

    [Fact]
    public void Anthropic_BlockMidStream_ReleasesCheckedText_ThenAnErrorEvent_ThenNothing()
    {
        var (guard, exchange) = Guard(ApiSchema.Anthropic, toolArguments: false);
        var output = new ArrayBufferWriter<byte>();
        var prose = new string('a', 30) + " ";

        Assert.Null(guard.Process(exchange, Encoding.UTF8.GetBytes(AnthropicStart() + TextDelta(prose) + TextDelta(prose) + TextDelta(prose)), false, output));
        var released = Encoding.UTF8.GetString(output.WrittenSpan);
        var error = guard.Process(exchange, Encoding.UTF8.GetBytes(TextDelta("key " + Secret + " end " + new string('b', 30))), false, output);

        Assert.NotNull(error);
        Assert.Equal(GatewayErrorKind.ContentFiltered, error.Kind);
        var all = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.StartsWith(released, all, StringComparison.Ordinal);
        Assert.Contains(TextDelta(prose), released, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, all, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", all, StringComparison.Ordinal);
        Assert.Contains("event: error", all[released.Length..], StringComparison.Ordinal);
        Assert.Contains(new GuardrailDecision("keys", "aws-access-key", GuardrailAction.Block, GuardrailDirection.Response), exchange.GuardrailDecisions);

        var before = output.WrittenCount;
        Assert.Null(guard.Process(exchange, Encoding.UTF8.GetBytes(TextDelta("more")), true, output));
        Assert.Equal(before, output.WrittenCount);
    }

    [Fact]
    public void ShortAnswer_IsHeldUntilTheBlockEnds_AndTheDelayIsMeasured()
    {
        var (guard, exchange) = Guard(ApiSchema.Anthropic, toolArguments: false);
        var output = new ArrayBufferWriter<byte>();

        guard.Process(exchange, Encoding.UTF8.GetBytes(AnthropicStart() + TextDelta("short")), false, output);
        var held = Encoding.UTF8.GetString(output.WrittenSpan);
        guard.Process(exchange, Encoding.UTF8.GetBytes("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"), true, output);

        Assert.DoesNotContain("short", held, StringComparison.Ordinal);
        var all = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.True(all.IndexOf("short", StringComparison.Ordinal) < all.IndexOf("content_block_stop", StringComparison.Ordinal));
        Assert.NotNull(exchange.GuardrailFirstTokenDelay);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void OpenAi_ToolArgumentDeltas_CheckedOnlyWhenThePolicyAsks(bool toolArguments, bool blocked)
    {
        var (guard, exchange) = Guard(ApiSchema.OpenAi, toolArguments);
        var output = new ArrayBufferWriter<byte>();
        var half = Secret.Length / 2;

        var error = guard.Process(exchange, Encoding.UTF8.GetBytes(ToolDelta("{\"key\":\"" + Secret[..half]) + ToolDelta(Secret[half..] + "\"}")), true, output);

        Assert.Equal(blocked, error is not null);
        Assert.Equal(!blocked, Encoding.UTF8.GetString(output.WrittenSpan).Contains(Secret[half..], StringComparison.Ordinal));
    }

    [Fact]
    public void OpenAi_MaskSpanningTwoDeltas_PlaceholderInTheFirst()
    {
        var (guard, exchange) = Guard(ApiSchema.OpenAi, toolArguments: false);
        var output = new ArrayBufferWriter<byte>();

        guard.Process(exchange, Encoding.UTF8.GetBytes(ContentDelta("mail bob@exa") + ContentDelta("mple.org now")), true, output);

        var texts = Encoding.UTF8.GetString(output.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString())
            .ToList();
        Assert.Equal(["mail [EMAIL]", " now"], texts);
    }

    [Fact]
    public async Task Bedrock_EachReleasedWindowIsCheckedBeforeRelease_OneCallPerWindow_AndTheEndFlushesTheRest()
    {
        var asked = new List<string>();
        var first = new TaskCompletionSource<BedrockGuardrailVerdict?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (guard, exchange, time) = BedrockGuard((_, text, _) =>
        {
            asked.Add(text);
            return asked.Count == 1 ? first.Task : Task.FromResult<BedrockGuardrailVerdict?>(new(BedrockGuardrailOutcome.None, [], null));
        });
        var output = new ArrayBufferWriter<byte>();
        var deltas = Enumerable.Range(0, 20).Select(i => i == 3 ? "ab@cd.org " : $"delta {i:D2}. ").ToList();

        for (var i = 0; i < 12; i++)
        {
            Assert.Null(await guard.ProcessAsync(exchange, Encoding.UTF8.GetBytes(ContentDelta(deltas[i])), false, output, CancellationToken.None).AsTask().WaitAsync(Timeout));
        }

        // The 13th delta fills the 128-character Bedrock window (not the 64 of the built-in rules): the released part
        // waits for the guardrail's answer, and nothing is written until it comes; its time is first-token delay.
        var pending = guard.ProcessAsync(exchange, Encoding.UTF8.GetBytes(ContentDelta(deltas[12])), false, output, CancellationToken.None);
        Assert.False(pending.IsCompleted);
        Assert.Equal(0, output.WrittenCount);
        time.Advance(TimeSpan.FromMilliseconds(250));
        first.SetResult(new(BedrockGuardrailOutcome.None, [], null));
        Assert.Null(await pending.AsTask().WaitAsync(Timeout));
        Assert.Equal(string.Concat(deltas.Take(10)).Replace("ab@cd.org", "[EMAIL]", StringComparison.Ordinal), Released(output));
        Assert.Equal(TimeSpan.FromMilliseconds(250), exchange.GuardrailFirstTokenDelay);

        for (var i = 13; i < deltas.Count; i++)
        {
            Assert.Null(await guard.ProcessAsync(exchange, Encoding.UTF8.GetBytes(ContentDelta(deltas[i])), i == deltas.Count - 1, output, CancellationToken.None).AsTask().WaitAsync(Timeout));
        }

        // Two calls for twenty deltas; between them they saw every character once, masked as the client sees it.
        Assert.Equal(2, asked.Count);
        Assert.Equal(Released(output), string.Concat(asked));
        Assert.Equal(string.Concat(deltas).Replace("ab@cd.org", "[EMAIL]", StringComparison.Ordinal), Released(output));
    }

    [Theory]
    [InlineData("anonymized", "{NAME} was here", "bedrock")]
    [InlineData("blocked", null, "bedrock")]
    [InlineData("failed-closed", null, "bedrock-unavailable")]
    public async Task Bedrock_Verdict_AnonymisedTextReleasedInOneDelta_OrTheStreamEndsWithAnError(string outcome, string? released, string rule)
    {
        BedrockGuardrailVerdict? verdict = outcome switch
        {
            "anonymized" => new(BedrockGuardrailOutcome.Anonymized, [released!], null),
            "blocked" => new(BedrockGuardrailOutcome.Blocked, [], null),
            _ => null,
        };
        var (guard, exchange, _) = BedrockGuard((_, _, _) => Task.FromResult(verdict));
        var output = new ArrayBufferWriter<byte>();

        var error = await guard.ProcessAsync(exchange, Encoding.UTF8.GetBytes(ContentDelta("Ann ") + ContentDelta("was here")), true, output, CancellationToken.None).AsTask().WaitAsync(Timeout);

        var stream = Encoding.UTF8.GetString(output.WrittenSpan);
        if (released is not null)
        {
            Assert.Null(error);
            Assert.Equal([released], stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(DeltaText));
        }
        else
        {
            Assert.NotNull(error);
            Assert.Equal(new GuardrailDecision("aws", rule, GuardrailAction.Block, GuardrailDirection.Response), guard.BlockedBy);
            Assert.StartsWith("data: {\"error\"", stream, StringComparison.Ordinal);
            Assert.DoesNotContain("Ann", stream, StringComparison.Ordinal);
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static (StreamGuard Guard, Exchange Exchange, FakeTimeProvider Time) BedrockGuard(BedrockWindowCheck check)
    {
        var config = new GuardrailPolicyConfig
        {
            Rules = [new GuardrailRuleConfig { Detector = GuardrailDetector.Email, Action = GuardrailAction.Mask }],
            Bedrock = new BedrockGuardrailConfig { GuardrailId = "g", Region = "us-east-1", Directions = [GuardrailDirection.Response] },
        };
        var policy = new GuardrailPolicy("aws", config, new Dictionary<string, string>());
        var time = new FakeTimeProvider();
        var exchange = new Exchange(new GatewaySnapshot(new GatewayConfig(), "h", "test"), time);
        return (new StreamGuard(ApiSchema.OpenAi, [policy], window: 64, overlap: 24, time, check, bedrockWindow: 128), exchange, time);
    }

    private static string Released(ArrayBufferWriter<byte> output) =>
        string.Concat(Encoding.UTF8.GetString(output.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(DeltaText));

    private static string? DeltaText(string sseEvent) =>
        JsonDocument.Parse(sseEvent["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString();

    private static (StreamGuard Guard, Exchange Exchange) Guard(ApiSchema client, bool toolArguments)
    {
        var config = new GuardrailPolicyConfig
        {
            ToolArguments = toolArguments,
            Rules =
            [
                new GuardrailRuleConfig { Detector = GuardrailDetector.AwsAccessKey, Action = GuardrailAction.Block },
                new GuardrailRuleConfig { Detector = GuardrailDetector.Email, Action = GuardrailAction.Mask },
            ],
        };
        var policy = new GuardrailPolicy("keys", config, new Dictionary<string, string>());
        var time = new FakeTimeProvider();
        var exchange = new Exchange(new GatewaySnapshot(new GatewayConfig(), "h", "test"), time);
        return (new StreamGuard(client, [policy], window: 64, overlap: 24, time), exchange);
    }

    private static string AnthropicStart() =>
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";

    private static string TextDelta(string text) =>
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + JsonSerializer.Serialize(text) + "}}\n\n";

    private static string ContentDelta(string text) =>
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JsonSerializer.Serialize(text) + "},\"finish_reason\":null}]}\n\n";

    private static string ToolDelta(string arguments) =>
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + JsonSerializer.Serialize(arguments) + "}}]},\"finish_reason\":null}]}\n\n";
}
