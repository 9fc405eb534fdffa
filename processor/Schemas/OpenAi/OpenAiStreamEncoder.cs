using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// Neutral events → OpenAI chat-completion chunks (§1.4, §7.8). Tool calls are numbered by their own counter, not the
/// block index (§7.10 item 10). Reasoning goes to <c>delta.reasoning_content</c>; a thinking block's signature and
/// redacted thinking go to <c>delta.thinking_blocks</c> (same convention as non-streaming responses). The usage chunk
/// is written only when the client asked for it; <c>[DONE]</c> only on success (§7.10 item 22).
/// </summary>
internal sealed class OpenAiStreamEncoder : IClientStreamEncoder, IDisposable
{
    private static readonly byte[][] ToolArgumentsMembers = [.. Enumerable.Range(0, 16).Select(ToolArgumentsMemberOf)];

    private readonly ResponseContext _context;
    private readonly bool _includeUsage;
    private readonly Dictionary<int, int> _toolIndexes = [];
    private Utf8JsonWriter? _writer;
    private byte[]? _deltaPrefix;
    private string? _id;
    private Usage _usage;

    public OpenAiStreamEncoder(ResponseContext context, bool includeUsage)
    {
        _context = context;
        _includeUsage = includeUsage;
    }

    public void Write(in StreamEvent e, IBufferWriter<byte> output)
    {
        switch (e.Kind)
        {
            case StreamEventKind.MessageStart:
                _id = OpenAiIds.Completion(e.Id ?? _context.ResponseId);
                _usage = e.Usage;
                var start = BeginChunk(output);
                start.WriteString("role"u8, "assistant"u8);
                start.WriteString("content"u8, ""u8);
                EndChunk(output, null);
                break;
            case StreamEventKind.BlockStart when e.Block == BlockKind.ToolCall:
                var toolIndex = _toolIndexes.Count;
                _toolIndexes[e.Index] = toolIndex;
                var call = BeginChunk(output);
                call.WriteStartArray("tool_calls"u8);
                call.WriteStartObject();
                call.WriteNumber("index"u8, toolIndex);
                call.WriteString("id"u8, e.Id);
                call.WriteString("type"u8, "function"u8);
                call.WriteStartObject("function"u8);
                call.WriteString("name"u8, e.Name);
                call.WriteString("arguments"u8, ""u8);
                call.WriteEndObject();
                call.WriteEndObject();
                call.WriteEndArray();
                EndChunk(output, null);
                break;
            case StreamEventKind.BlockStart when e.Block == BlockKind.RedactedThinking:
                var redacted = BeginChunk(output);
                redacted.WriteStartArray("thinking_blocks"u8);
                redacted.WriteStartObject();
                redacted.WriteString("type"u8, "redacted_thinking"u8);
                redacted.WriteString("data"u8, e.Text);
                redacted.WriteEndObject();
                redacted.WriteEndArray();
                EndChunk(output, null);
                break;
            case StreamEventKind.TextDelta when e.HasText:
                WriteDelta(output, "\"content\":"u8, e, "}"u8);
                break;
            case StreamEventKind.ThinkingDelta when e.HasText:
                WriteDelta(output, "\"reasoning_content\":"u8, e, "}"u8);
                break;
            case StreamEventKind.SignatureDelta when e.HasText:
                var signature = BeginChunk(output);
                signature.WriteStartArray("thinking_blocks"u8);
                signature.WriteStartObject();
                signature.WriteString("type"u8, "thinking"u8);
                e.WriteText(signature, "signature"u8);
                signature.WriteEndObject();
                signature.WriteEndArray();
                EndChunk(output, null);
                break;
            case StreamEventKind.ToolArgumentsDelta when e.HasText && _toolIndexes.TryGetValue(e.Index, out var index):
                WriteDelta(output, ToolArgumentsMember(index), e, "}}]}"u8);
                break;
            case StreamEventKind.MessageDelta:
                _usage = _usage.Merge(e.Usage);
                BeginChunk(output);
                EndChunk(output, OpenAiFinishReasons.ToWire(e.FinishReason ?? FinishReason.EndTurn));
                break;
            case StreamEventKind.MessageStop:
                if (_includeUsage)
                {
                    WriteUsageChunk(output);
                }

                output.Write("data: [DONE]\n\n"u8);
                break;
            case StreamEventKind.Error:
                WriteError(e.Error!, output);
                break;
            default:
                break;
        }
    }

    /// <summary>An in-stream error the official SDK raises on: <c>data: {"error":{…}}</c> (§1.4), never followed by [DONE].</summary>
    public static void WriteError(GatewayError error, IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        OpenAiErrorWriter.Instance.Write(error, output);
        output.Write("\n\n"u8);
    }

    public void Dispose() => _writer?.Dispose();

    /// <summary>
    /// The frequent chunks (text, reasoning and tool-argument deltas) from bytes made once per stream: the envelope
    /// up to <c>"delta":{</c>, the member's opening, the text as a JSON string (the writer's own escaping), and the
    /// closing. Byte for byte what <see cref="BeginChunk"/> and <see cref="EndChunk"/> write, without re-writing and
    /// re-escaping the id and model for every delta (the encoder was a quarter of a translated stream's CPU;
    /// docs/performance.md, "Found by profiling: session 5").
    /// </summary>
    private void WriteDelta(IBufferWriter<byte> output, ReadOnlySpan<byte> memberStart, in StreamEvent e, ReadOnlySpan<byte> memberEnd)
    {
        output.Write(_deltaPrefix ??= DeltaPrefix());
        output.Write(memberStart);
        var writer = Writer(output);
        if (e.Utf8Text.IsEmpty)
        {
            writer.WriteStringValue(e.Text ?? string.Empty);
        }
        else
        {
            writer.WriteStringValue(e.Utf8Text.Span);
        }

        writer.Flush();
        output.Write(memberEnd);
        output.Write(",\"logprobs\":null,\"finish_reason\":null}]}\n\n"u8);
    }

    /// <summary><c>"tool_calls":[{"index":N,"function":{"arguments":</c> (closed by <c>}}]</c>).</summary>
    private static ReadOnlySpan<byte> ToolArgumentsMember(int index)
    {
        // Made once for the first 16 tool calls of a response; a later one makes its bytes per delta.
        return index < ToolArgumentsMembers.Length ? ToolArgumentsMembers[index] : ToolArgumentsMemberOf(index);
    }

    private static byte[] ToolArgumentsMemberOf(int index) =>
        System.Text.Encoding.UTF8.GetBytes($"\"tool_calls\":[{{\"index\":{index.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"function\":{{\"arguments\":");

    private byte[] DeltaPrefix()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("data: "u8);
        var writer = Writer(buffer);
        WriteEnvelope(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private Utf8JsonWriter BeginChunk(IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        var writer = Writer(output);
        WriteEnvelope(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        return writer;
    }

    private void EndChunk(IBufferWriter<byte> output, string? finishReason)
    {
        var writer = _writer!;
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        if (finishReason is null)
        {
            writer.WriteNull("finish_reason"u8);
        }
        else
        {
            writer.WriteString("finish_reason"u8, finishReason);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n\n"u8);
    }

    private void WriteUsageChunk(IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        var writer = Writer(output);
        WriteEnvelope(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteEndArray();
        OpenAiUsage.Write(writer, _usage);
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n\n"u8);
    }

    private void WriteEnvelope(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, _id ??= OpenAiIds.Completion(_context.ResponseId));
        writer.WriteString("object"u8, "chat.completion.chunk"u8);
        writer.WriteNumber("created"u8, _context.CreatedUnixSeconds);
        writer.WriteString("model"u8, _context.PublicModel);
    }

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
}
