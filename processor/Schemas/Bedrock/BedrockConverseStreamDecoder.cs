using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// ConverseStream event-stream (§3.5) → neutral events (§7.8). Text and reasoning blocks have no start event, so a block
/// is opened on its first delta with the kind that delta reveals (§7.10 item 11); the stop reason is held until
/// <c>metadata</c> brings usage (item 12), and released at end of stream if <c>metadata</c> never comes.
/// </summary>
internal sealed class BedrockConverseStreamDecoder : IProviderStreamDecoder, IAwsEventStreamHandler
{
    private readonly AwsEventStreamDecoder _frames = new();
    private readonly ApiSchema _client;
    private readonly Utf8Scratch _scratch = new();
    private IStreamEventSink? _sink;
    private ulong _openBlocks;
    private FinishReason? _heldStop;
    private string? _heldStopSequence;
    private bool _stopped;
    private bool _finished;

    public BedrockConverseStreamDecoder(ApiSchema client)
    {
        _client = client;
    }

    public void Decode(ReadOnlySpan<byte> chunk, IStreamEventSink sink)
    {
        _sink = sink;
        if (_frames.Decode(chunk, this) is { } fault)
        {
            _finished = true;
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = fault });
        }
    }

    public void Complete(IStreamEventSink sink)
    {
        if (_stopped && !_finished)
        {
            Finish(sink, default);
        }
    }

    public void OnMessage(in AwsEventStreamMessage message)
    {
        var sink = _sink!;
        if (BedrockExceptions.FromFrame(message, _client) is { } error)
        {
            _finished = true;
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = error });
            return;
        }

        if (!BedrockEventReader.TryRead(message.Payload, _scratch, out var f))
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.StreamFault("The provider sent a malformed stream event.") });
            return;
        }

        var index = f.Index;
        switch (message.EventType)
        {
            case "messageStart":
                sink.OnEvent(new StreamEvent(StreamEventKind.MessageStart));
                break;
            case "contentBlockStart":
                if (f.StartsToolUse)
                {
                    Open(index, BlockKind.ToolCall, sink, f.ToolUseId, f.ToolName, null);
                }

                break;
            case "contentBlockDelta":
                Delta(index, in f, sink);
                break;
            case "contentBlockStop":
                if (IsOpen(index))
                {
                    _openBlocks &= ~Bit(index);
                    sink.OnEvent(new StreamEvent(StreamEventKind.BlockStop) { Index = index });
                }

                break;
            case "messageStop":
                _stopped = true;
                _heldStop = BedrockStopReasons.Parse(f.StopReason);
                _heldStopSequence = f.StopSequence;
                break;
            case "metadata":
                if (!_finished)
                {
                    Finish(sink, f.Usage);
                }

                break;
            default:
                break;
        }
    }

    public void Dispose()
    {
        _frames.Dispose();
        _scratch.Dispose();
    }

    private void Finish(IStreamEventSink sink, Usage usage)
    {
        _finished = true;
        sink.OnEvent(new StreamEvent(StreamEventKind.MessageDelta) { FinishReason = _heldStop, StopSequence = _heldStopSequence, Usage = usage });
        sink.OnEvent(new StreamEvent(StreamEventKind.MessageStop));
    }

    private void Delta(int index, in BedrockEventFields f, IStreamEventSink sink)
    {
        switch (f.DeltaKind)
        {
            case BedrockDeltaKind.Text:
                Open(index, BlockKind.Text, sink, null, null, null);
                sink.OnEvent(new StreamEvent(StreamEventKind.TextDelta) { Index = index, Utf8Text = f.DeltaValue });
                break;
            case BedrockDeltaKind.ToolInput:
                Open(index, BlockKind.ToolCall, sink, null, null, null);
                if (!f.DeltaValue.IsEmpty)
                {
                    sink.OnEvent(new StreamEvent(StreamEventKind.ToolArgumentsDelta) { Index = index, Utf8Text = f.DeltaValue });
                }

                break;
            case BedrockDeltaKind.RedactedContent:
                Open(index, BlockKind.RedactedThinking, sink, null, null, Encoding.UTF8.GetString(f.DeltaValue.Span));
                break;
            case BedrockDeltaKind.ReasoningText:
                Open(index, BlockKind.Thinking, sink, null, null, null);
                sink.OnEvent(new StreamEvent(StreamEventKind.ThinkingDelta) { Index = index, Utf8Text = f.DeltaValue });
                break;
            case BedrockDeltaKind.ReasoningSignature:
                Open(index, BlockKind.Thinking, sink, null, null, null);
                sink.OnEvent(new StreamEvent(StreamEventKind.SignatureDelta) { Index = index, Utf8Text = f.DeltaValue });
                break;
            default:
                break;
        }
    }

    private void Open(int index, BlockKind kind, IStreamEventSink sink, string? id, string? name, string? data)
    {
        if (IsOpen(index))
        {
            return;
        }

        _openBlocks |= Bit(index);
        sink.OnEvent(new StreamEvent(StreamEventKind.BlockStart) { Index = index, Block = kind, Id = id, Name = name, Text = data });
    }

    private bool IsOpen(int index) => (_openBlocks & Bit(index)) != 0;

    private static ulong Bit(int index) => 1UL << (index & 63);
}
