using System.Text;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.Tests.Translation;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>
/// Streams that end before the provider's final usage (adr/019): what each provider's decoding counted, whether an
/// estimate is due, and the estimate itself. Provider counts win wherever they were seen.
/// </summary>
public sealed class StreamUsageEstimateTests
{
    /// <summary>12 UTF-8 bytes: 4 tokens at 3 bytes a token.</summary>
    private const string Text = "abcdefghijkl";

    private const long AdmissionInput = 100;

    private static readonly string OpenAiContent =
        $$"""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"{{Text}}"},"finish_reason":null}]}""" + "\n\n";

    private static readonly string OpenAiFinish =
        """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\n";

    private static readonly string OpenAiUsage =
        """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":9,"total_tokens":39}}""" + "\n\n";

    private static readonly string OpenAiError = """data: {"error":{"message":"overloaded","type":"server_error"}}""" + "\n\n";

    private static readonly string AnthropicStart =
        """event: message_start""" + "\n" + """data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}""" + "\n\n"
        + """event: content_block_start""" + "\n" + """data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""" + "\n\n";

    private static readonly string AnthropicText =
        """event: content_block_delta""" + "\n" + $$$"""data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{Text}}}"}}""" + "\n\n";

    private static readonly string AnthropicThinking =
        """event: content_block_delta""" + "\n" + $$$"""data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"{{{Text}}}"}}""" + "\n\n";

    private static readonly string AnthropicSignature =
        """event: content_block_delta""" + "\n" + """data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"RXFzaWduYXR1cmUtb3BhcXVlLWJ5dGVzLXRoYXQtYXJlLW5vdC10ZXh0"}}""" + "\n\n";

    private static readonly string AnthropicDelta =
        """event: content_block_stop""" + "\n" + """data: {"type":"content_block_stop","index":0}""" + "\n\n"
        + """event: message_delta""" + "\n" + """data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":6}}""" + "\n\n";

    private static readonly string AnthropicError =
        """event: error""" + "\n" + """data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""" + "\n\n";

    [Theory]
    [InlineData("openai-passthrough-cut")]
    [InlineData("openai-passthrough-error-event")]
    [InlineData("openai-passthrough-finish-without-usage")]
    [InlineData("openai-to-anthropic-cut")]
    public void OpenAiStream_EndsBeforeUsage_EstimatesAdmissionInputAndStreamedOutput(string scenario)
    {
        var (client, stream) = scenario switch
        {
            "openai-passthrough-cut" => (ApiSchema.OpenAi, OpenAiContent),
            "openai-passthrough-error-event" => (ApiSchema.OpenAi, OpenAiContent + OpenAiError),
            "openai-passthrough-finish-without-usage" => (ApiSchema.OpenAi, OpenAiContent + OpenAiFinish + "data: [DONE]\n\n"),
            _ => (ApiSchema.Anthropic, OpenAiContent),
        };

        var tally = Tally(client, ApiSchema.OpenAi, Encoding.UTF8.GetBytes(stream));

        Assert.True(StreamUsageEstimate.Needed(tally));
        Assert.Equal(Text.Length, tally.StreamedBytes);
        Assert.Equal(new Usage(AdmissionInput, 4, 0, 0, 0), StreamUsageEstimate.Of(tally, AdmissionInput));
    }

    [Fact]
    public void OpenAiStream_UsageChunkSeen_ProviderUsageWinsNoEstimate()
    {
        // Cut after the usage chunk, before [DONE]: the provider's usage is final.
        var tally = Tally(ApiSchema.OpenAi, ApiSchema.OpenAi, Encoding.UTF8.GetBytes(OpenAiContent + OpenAiFinish + OpenAiUsage));

        Assert.False(StreamUsageEstimate.Needed(tally));
        Assert.Equal(new Usage(30, 9, 0, 0, 0), tally.Usage);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OpenAiStream_ErrorBeforeAnything_NothingEstimated(bool bridged)
    {
        var tally = Tally(bridged ? ApiSchema.Anthropic : ApiSchema.OpenAi, ApiSchema.OpenAi, Encoding.UTF8.GetBytes(OpenAiError));

        Assert.NotNull(tally.Error);
        Assert.False(tally.Started);
        Assert.False(StreamUsageEstimate.Needed(tally));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnthropicStream_CutAfterText_KeepsProviderInputEstimatesOutput(bool anthropicClient)
    {
        var client = anthropicClient ? ApiSchema.Anthropic : ApiSchema.OpenAi;
        var tally = Tally(client, ApiSchema.Anthropic, Encoding.UTF8.GetBytes(AnthropicStart + AnthropicText + AnthropicText));

        Assert.True(StreamUsageEstimate.Needed(tally));
        Assert.Equal(2 * Text.Length, tally.StreamedBytes);

        // Input 25 from message_start wins over the admission estimate; output 24 bytes → 8 tokens (above message_start's 1).
        Assert.Equal(new Usage(25, 8, 0, 0, 0), StreamUsageEstimate.Of(tally, AdmissionInput));
    }

    [Fact]
    public void AnthropicPassthrough_ErrorEventAfterThinking_CountsThinkingNotSignatures()
    {
        var tally = Tally(ApiSchema.Anthropic, ApiSchema.Anthropic, Encoding.UTF8.GetBytes(AnthropicStart + AnthropicThinking + AnthropicSignature + AnthropicError));

        Assert.NotNull(tally.Error);
        Assert.True(StreamUsageEstimate.Needed(tally));

        // Passthrough does not decode content events: thinking counts as output (Anthropic reports no reasoning apart),
        // and a thinking delta's envelope is 8 bytes longer than the text delta's it is measured against (errs high).
        Assert.Equal(Text.Length + 8, tally.StreamedBytes);
        Assert.Equal(new Usage(25, 7, 0, 0, 0), StreamUsageEstimate.Of(tally, AdmissionInput));
    }

    [Fact]
    public void AnthropicBridged_CutAfterThinking_EstimatesReasoningWithinOutput()
    {
        var tally = Tally(ApiSchema.OpenAi, ApiSchema.Anthropic, Encoding.UTF8.GetBytes(AnthropicStart + AnthropicThinking));

        Assert.Equal(Text.Length, tally.ThinkingBytes);
        Assert.Equal(new Usage(25, 4, 0, 0, 4), StreamUsageEstimate.Of(tally, AdmissionInput));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnthropicStream_MessageDeltaSeen_ProviderUsageWins(bool anthropicClient)
    {
        var client = anthropicClient ? ApiSchema.Anthropic : ApiSchema.OpenAi;
        // Cut between message_delta and message_stop: the output count is the provider's.
        var tally = Tally(client, ApiSchema.Anthropic, Encoding.UTF8.GetBytes(AnthropicStart + AnthropicText + AnthropicDelta));

        Assert.False(StreamUsageEstimate.Needed(tally));
        Assert.Equal(6, tally.Usage.OutputTokens);
    }

    [Theory]
    [InlineData("cut", true)]
    [InlineData("exception", true)]
    [InlineData("stop-without-metadata", true)]
    [InlineData("metadata", false)]
    [InlineData("exception-first", false)]
    public void BedrockConverseStream_EstimatesUnlessMetadataCame(string scenario, bool estimated)
    {
        string[] start = [
            """{"event":"messageStart","payload":{"role":"assistant"}}""",
            $$$$"""{"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"text":"{{{{Text}}}}"}}}""",
        ];
        const string Exception = """{"exception":"modelStreamErrorException","payload":{"message":"boom"}}""";
        const string Stop = """{"event":"messageStop","payload":{"stopReason":"end_turn"}}""";
        const string Metadata = """{"event":"metadata","payload":{"usage":{"inputTokens":31,"outputTokens":5,"totalTokens":36},"metrics":{"latencyMs":1}}}""";
        string[] lines = scenario switch
        {
            "cut" => start,
            "exception" => [.. start, Exception],
            "stop-without-metadata" => [.. start, Stop],
            "metadata" => [.. start, Stop, Metadata],
            _ => [Exception],
        };

        foreach (var client in new[] { ApiSchema.OpenAi, ApiSchema.Anthropic })
        {
            var tally = Tally(client, ApiSchema.BedrockConverse, [.. lines.SelectMany(GoldenStreamFrames.Encode)]);

            Assert.Equal(estimated, StreamUsageEstimate.Needed(tally));
            if (estimated)
            {
                Assert.Equal(new Usage(AdmissionInput, 4, 0, 0, 0), StreamUsageEstimate.Of(tally, AdmissionInput));
            }
            else if (scenario == "metadata")
            {
                Assert.Equal(new Usage(31, 5, 0, 0, 0), tally.Usage);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BedrockInvokeStream_CutAfterText_KeepsProviderInputEstimatesOutput(bool anthropicClient)
    {
        var client = anthropicClient ? ApiSchema.Anthropic : ApiSchema.OpenAi;
        string[] lines = [
            """{"chunk":{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}}""",
            """{"chunk":{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}}""",
            $$$$"""{"chunk":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{{Text}}}}"}}}""",
        ];

        var tally = Tally(client, ApiSchema.BedrockInvoke, [.. lines.SelectMany(GoldenStreamFrames.Encode)]);

        Assert.True(StreamUsageEstimate.Needed(tally));
        Assert.Equal(new Usage(25, 4, 0, 0, 0), StreamUsageEstimate.Of(tally, AdmissionInput));
    }

    [Fact]
    public void Estimate_ProviderOutputAboveStreamedCount_KeepsProviderOutput()
    {
        var tally = new StreamTally();
        tally.Observe(new StreamEvent(StreamEventKind.MessageStart) { Usage = new Usage(10, 50, 3, 0, 0) });
        tally.Observe(new StreamEvent(StreamEventKind.TextDelta) { Text = Text });

        Assert.Equal(new Usage(10, 50, 3, 0, 0), StreamUsageEstimate.Of(tally, AdmissionInput));
    }

    /// <summary>The tally after a stream that ends with the given bytes, without end of stream (a disconnect).</summary>
    private static StreamTally Tally(ApiSchema client, ApiSchema provider, byte[] stream)
    {
        using var translator = ExchangeTranslators.For(client, provider).CreateResponseTranslator(GoldenResponseTests.GoldenRequest(client, true, true), GoldenFiles.Context);
        using var output = new PooledBufferWriter();
        translator.TranslateStream(stream, endOfStream: false, output);
        return translator.Tally;
    }
}
