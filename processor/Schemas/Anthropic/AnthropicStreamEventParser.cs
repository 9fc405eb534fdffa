using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>
/// One Anthropic stream event's JSON (§2.4) → neutral events. Shared by the SSE decoder and the Bedrock InvokeModel
/// stream decoder (whose frames carry the same JSON, §8). Blocks of kinds the neutral model does not know (server tools)
/// are skipped together with their deltas.
/// </summary>
internal sealed class AnthropicStreamEventParser : IDisposable
{
    private readonly ApiSchema _client;
    private readonly Utf8Scratch _scratch = new();
    private ulong _skippedBlocks;

    public AnthropicStreamEventParser(ApiSchema client)
    {
        _client = client;
    }

    public void Parse(ReadOnlySpan<byte> json, IStreamEventSink sink)
    {
        if (!AnthropicEventReader.TryRead(json, _scratch, out var f))
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.StreamFault("The provider sent a malformed stream event.") });
            return;
        }

        var index = f.Index;
        switch (f.Type)
        {
            case "message_start":
                sink.OnEvent(new StreamEvent(StreamEventKind.MessageStart) { Id = f.MessageId, Name = f.MessageModel, Usage = f.Usage });
                break;
            case "content_block_start":
                StartBlock(index, in f, sink);
                break;
            case "content_block_delta" when !IsSkipped(index):
                Delta(index, in f, sink);
                break;
            case "content_block_stop" when !IsSkipped(index):
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStop) { Index = index });
                break;
            case "message_delta":
                sink.OnEvent(new StreamEvent(StreamEventKind.MessageDelta)
                {
                    FinishReason = AnthropicStopReasons.Parse(f.StopReason),
                    StopSequence = f.StopSequence,
                    Usage = f.Usage,
                });
                break;
            case "message_stop":
                sink.OnEvent(new StreamEvent(StreamEventKind.MessageStop));
                break;
            case "ping":
                sink.OnEvent(new StreamEvent(StreamEventKind.Ping));
                break;
            case "error":
                sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.FromStream(_client, f.ErrorType, f.ErrorMessage) });
                break;
            default:
                break;
        }
    }

    private void StartBlock(int index, in AnthropicEventFields f, IStreamEventSink sink)
    {
        switch (f.BlockType)
        {
            case "text":
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = index, Block = BlockKind.Text });
                if (f.BlockText is { Length: > 0 } text)
                {
                    sink.OnEvent(new StreamEvent(StreamEventKind.TextDelta) { Index = index, Text = text });
                }

                break;
            case "thinking":
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = index, Block = BlockKind.Thinking });
                if (f.BlockText is { Length: > 0 } thinking)
                {
                    sink.OnEvent(new StreamEvent(StreamEventKind.ThinkingDelta) { Index = index, Text = thinking });
                }

                if (f.BlockSignature is { Length: > 0 } signature)
                {
                    sink.OnEvent(new StreamEvent(StreamEventKind.SignatureDelta) { Index = index, Text = signature });
                }

                break;
            case "redacted_thinking":
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = index, Block = BlockKind.RedactedThinking, Text = f.BlockData });
                break;
            case "tool_use":
                sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = index, Block = BlockKind.ToolCall, Id = f.BlockId, Name = f.BlockName });
                break;
            default:
                if (index < 64)
                {
                    _skippedBlocks |= 1UL << index;
                }

                break;
        }
    }

    private static void Delta(int index, in AnthropicEventFields f, IStreamEventSink sink)
    {
        var kind = f.DeltaType switch
        {
            "text_delta" => StreamEventKind.TextDelta,
            "input_json_delta" => StreamEventKind.ToolArgumentsDelta,
            "thinking_delta" => StreamEventKind.ThinkingDelta,
            "signature_delta" => StreamEventKind.SignatureDelta,
            _ => (StreamEventKind?)null,
        };
        if (kind is { } k)
        {
            sink.OnEvent(new StreamEvent(k) { Index = index, Utf8Text = f.DeltaValue });
        }
    }

    public void Dispose() => _scratch.Dispose();

    private bool IsSkipped(int index) => index < 64 && (_skippedBlocks & (1UL << index)) != 0;
}
