using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>
/// Neutral events → Anthropic SSE (§2.4). <c>message_start</c> carries the usage known so far (zeros from Bedrock,
/// §7.10 item 12); <c>message_delta.usage</c> carries the cumulative counts, input included.
/// </summary>
internal sealed class AnthropicStreamEncoder : IClientStreamEncoder, IDisposable
{
    private readonly ResponseContext _context;
    private Usage _usage;
    private Utf8JsonWriter? _writer;

    public AnthropicStreamEncoder(ResponseContext context)
    {
        _context = context;
    }

    public void Write(in StreamEvent e, IBufferWriter<byte> output)
    {
        switch (e.Kind)
        {
            case StreamEventKind.MessageStart:
                _usage = e.Usage;
                WriteEvent(output, "message_start"u8, in e, static (writer, e, self) =>
                {
                    writer.WriteStartObject("message"u8);
                    writer.WriteString("id"u8, AnthropicIds.Message(e.Id ?? self._context.ResponseId));
                    writer.WriteString("type"u8, "message"u8);
                    writer.WriteString("role"u8, "assistant"u8);
                    writer.WriteString("model"u8, self._context.PublicModel);
                    writer.WriteStartArray("content"u8);
                    writer.WriteEndArray();
                    writer.WriteNull("stop_reason"u8);
                    writer.WriteNull("stop_sequence"u8);
                    AnthropicUsage.Write(writer, e.Usage);
                    writer.WriteEndObject();
                });
                break;
            case StreamEventKind.BlockStart:
                WriteEvent(output, "content_block_start"u8, in e, static (writer, e, _) =>
                {
                    writer.WriteNumber("index"u8, e.Index);
                    writer.WriteStartObject("content_block"u8);
                    switch (e.Block)
                    {
                        case BlockKind.Text:
                            writer.WriteString("type"u8, "text"u8);
                            writer.WriteString("text"u8, ""u8);
                            break;
                        case BlockKind.Thinking:
                            writer.WriteString("type"u8, "thinking"u8);
                            writer.WriteString("thinking"u8, ""u8);
                            writer.WriteString("signature"u8, ""u8);
                            break;
                        case BlockKind.RedactedThinking:
                            writer.WriteString("type"u8, "redacted_thinking"u8);
                            writer.WriteString("data"u8, e.Text);
                            break;
                        default:
                            writer.WriteString("type"u8, "tool_use"u8);
                            writer.WriteString("id"u8, ToolIds.ForAnthropic(e.Id ?? string.Empty));
                            writer.WriteString("name"u8, e.Name);
                            writer.WriteStartObject("input"u8);
                            writer.WriteEndObject();
                            break;
                    }

                    writer.WriteEndObject();
                });
                break;
            case StreamEventKind.TextDelta:
                WriteDelta(output, in e, "text_delta"u8, "text"u8);
                break;
            case StreamEventKind.ThinkingDelta:
                WriteDelta(output, in e, "thinking_delta"u8, "thinking"u8);
                break;
            case StreamEventKind.SignatureDelta:
                WriteDelta(output, in e, "signature_delta"u8, "signature"u8);
                break;
            case StreamEventKind.ToolArgumentsDelta:
                WriteDelta(output, in e, "input_json_delta"u8, "partial_json"u8);
                break;
            case StreamEventKind.BlockStop:
                WriteEvent(output, "content_block_stop"u8, in e, static (writer, e, _) => writer.WriteNumber("index"u8, e.Index));
                break;
            case StreamEventKind.MessageDelta:
                _usage = _usage.Merge(e.Usage);
                WriteEvent(output, "message_delta"u8, in e, static (writer, e, self) =>
                {
                    writer.WriteStartObject("delta"u8);
                    writer.WriteString("stop_reason"u8, AnthropicStopReasons.ToWire(e.FinishReason ?? FinishReason.EndTurn));
                    if (e.StopSequence is null)
                    {
                        writer.WriteNull("stop_sequence"u8);
                    }
                    else
                    {
                        writer.WriteString("stop_sequence"u8, e.StopSequence);
                    }

                    writer.WriteEndObject();
                    AnthropicUsage.Write(writer, self._usage);
                });
                break;
            case StreamEventKind.MessageStop:
                WriteEvent(output, "message_stop"u8, in e, static (_, _, _) => { });
                break;
            case StreamEventKind.Ping:
                WriteEvent(output, "ping"u8, in e, static (_, _, _) => { });
                break;
            case StreamEventKind.Error:
                WriteError(e.Error!, output);
                break;
        }
    }

    /// <summary>An in-stream error: <c>event: error</c> with Anthropic's error body (§2.4).</summary>
    public static void WriteError(GatewayError error, IBufferWriter<byte> output)
    {
        output.Write("event: error\ndata: "u8);
        AnthropicErrorWriter.Instance.Write(error, output);
        output.Write("\n\n"u8);
    }

    public void Dispose() => _writer?.Dispose();

    /// <summary>One writer per stream, re-pointed at each output (no allocation per event).</summary>
    private Utf8JsonWriter Writer(IBufferWriter<byte> output)
    {
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(output, JsonWriting.Options);
        }
        else
        {
            _writer.Reset(output);
        }

        return _writer;
    }

    private void WriteEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> name, in StreamEvent e, Action<Utf8JsonWriter, StreamEvent, AnthropicStreamEncoder> body)
    {
        output.Write("event: "u8);
        output.Write(name);
        output.Write("\ndata: "u8);
        var writer = Writer(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, name);
        body(writer, e, this);
        writer.WriteEndObject();
        writer.Flush();

        output.Write("\n\n"u8);
    }

    private void WriteDelta(IBufferWriter<byte> output, in StreamEvent e, ReadOnlySpan<byte> type, ReadOnlySpan<byte> field)
    {
        output.Write("event: content_block_delta\ndata: "u8);
        var writer = Writer(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "content_block_delta"u8);
        writer.WriteNumber("index"u8, e.Index);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("type"u8, type);
        e.WriteText(writer, field);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();

        output.Write("\n\n"u8);
    }
}
