using System.Text.Json;
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

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(message.Payload);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.Error) { Error = ProviderErrorMapper.StreamFault("The provider sent a malformed stream event.") });
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var index = JsonValues.Int(root, "contentBlockIndex") ?? 0;
            switch (message.EventType)
            {
                case "messageStart":
                    sink.OnEvent(new StreamEvent(StreamEventKind.MessageStart));
                    break;
                case "contentBlockStart":
                    var toolUse = JsonValues.Object(JsonValues.Object(root, "start"), "toolUse");
                    if (toolUse.ValueKind == JsonValueKind.Object)
                    {
                        Open(index, BlockKind.ToolCall, sink, JsonValues.String(toolUse, "toolUseId"), JsonValues.String(toolUse, "name"), null);
                    }

                    break;
                case "contentBlockDelta":
                    Delta(index, JsonValues.Object(root, "delta"), sink);
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
                    _heldStop = BedrockStopReasons.Parse(JsonValues.String(root, "stopReason"));
                    _heldStopSequence = JsonValues.String(JsonValues.Object(root, "additionalModelResponseFields"), "stop_sequence");
                    break;
                case "metadata":
                    if (!_finished)
                    {
                        Finish(sink, BedrockUsage.Read(JsonValues.Object(root, "usage")));
                    }

                    break;
                default:
                    break;
            }
        }
    }

    public void Dispose() => _frames.Dispose();

    private void Finish(IStreamEventSink sink, Usage usage)
    {
        _finished = true;
        sink.OnEvent(new StreamEvent(StreamEventKind.MessageDelta) { FinishReason = _heldStop, StopSequence = _heldStopSequence, Usage = usage });
        sink.OnEvent(new StreamEvent(StreamEventKind.MessageStop));
    }

    private void Delta(int index, JsonElement delta, IStreamEventSink sink)
    {
        if (JsonValues.String(delta, "text") is { } text)
        {
            Open(index, BlockKind.Text, sink, null, null, null);
            sink.OnEvent(new StreamEvent(StreamEventKind.TextDelta) { Index = index, Text = text });
            return;
        }

        var toolUse = JsonValues.Object(delta, "toolUse");
        if (toolUse.ValueKind == JsonValueKind.Object)
        {
            Open(index, BlockKind.ToolCall, sink, null, null, null);
            if (JsonValues.String(toolUse, "input") is { Length: > 0 } input)
            {
                sink.OnEvent(new StreamEvent(StreamEventKind.ToolArgumentsDelta) { Index = index, Text = input });
            }

            return;
        }

        var reasoning = JsonValues.Object(delta, "reasoningContent");
        if (reasoning.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (JsonValues.String(reasoning, "redactedContent") is { } redacted)
        {
            Open(index, BlockKind.RedactedThinking, sink, null, null, redacted);
            return;
        }

        Open(index, BlockKind.Thinking, sink, null, null, null);
        if (JsonValues.String(reasoning, "text") is { } thinking)
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.ThinkingDelta) { Index = index, Text = thinking });
        }

        if (JsonValues.String(reasoning, "signature") is { } signature)
        {
            sink.OnEvent(new StreamEvent(StreamEventKind.SignatureDelta) { Index = index, Text = signature });
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
