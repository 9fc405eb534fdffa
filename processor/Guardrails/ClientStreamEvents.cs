using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Reads and rewrites the text of one client-format stream event: OpenAI <c>choices[0].delta.content</c> /
/// <c>tool_calls[].function.arguments</c> (provider-apis.md §1.4) and Anthropic <c>content_block_delta</c> with
/// <c>text_delta</c> / <c>input_json_delta</c> (§2.4).
/// </summary>
internal static class ClientStreamEvents
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="text">The delta's text for <see cref="StreamTextKind.Text"/> and <see cref="StreamTextKind.ToolArguments"/>.</param>
    /// <param name="group">Which block or tool call the delta belongs to (a change of group ends a window).</param>
    public static StreamTextKind Classify(ApiSchema client, ReadOnlySpan<byte> sseEvent, out string text, out int group)
    {
        text = "";
        group = 0;
        var data = sseEvent[DataRange(sseEvent)];
        if (data.IsEmpty || data[0] != (byte)'{')
        {
            return StreamTextKind.Other;
        }

        // A forward-only reader over the event's bytes: no document, no copy; only the delta's own text is allocated.
        try
        {
            var reader = new Utf8JsonReader(data);
            reader.Read();
            return SchemaCodecs.IsOpenAiFamily(client) ? ClassifyOpenAi(ref reader, ref text, ref group) : ClassifyAnthropic(ref reader, ref text, ref group);
        }
        catch (JsonException)
        {
            return StreamTextKind.Other;
        }
    }

    /// <summary>The same event with its text delta replaced (only text deltas are ever rewritten).</summary>
    public static byte[] WithText(ApiSchema client, byte[] sseEvent, string text)
    {
        var (dataStart, dataLength) = DataRange(sseEvent).GetOffsetAndLength(sseEvent.Length);
        if (JsonNode.Parse(sseEvent.AsSpan(dataStart, dataLength)) is not JsonObject root)
        {
            return sseEvent;
        }

        if (SchemaCodecs.IsOpenAiFamily(client))
        {
            root["choices"]![0]!["delta"]!["content"] = text;
        }
        else
        {
            root["delta"]!["text"] = text;
        }

        var output = new System.Buffers.ArrayBufferWriter<byte>(sseEvent.Length + 32);
        output.Write(sseEvent.AsSpan(0, dataStart));
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            root.WriteTo(writer);
        }

        output.Write(sseEvent.AsSpan(dataStart + dataLength));
        return output.WrittenSpan.ToArray();
    }

    private static StreamTextKind ClassifyOpenAi(ref Utf8JsonReader reader, ref string text, ref int group)
    {
        var delta = new OpenAiDelta();
        var choices = 0;
        var other = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    other = true;
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (choices++ == 0 && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadChoice(ref reader, ref delta);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                other |= reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (other || choices != 1 || delta.Finished || !delta.IsObject)
        {
            return StreamTextKind.Other;
        }

        if (delta.Content is { } content && !delta.HasToolCalls)
        {
            text = content;
            return text.Length == 0 ? StreamTextKind.Other : StreamTextKind.Text;
        }

        if (delta.ToolCalls == 1 && delta.Arguments is { } arguments)
        {
            group = delta.ToolIndex;
            text = arguments;
            return StreamTextKind.ToolArguments;
        }

        return StreamTextKind.Other;
    }

    private static void ReadChoice(ref Utf8JsonReader reader, ref OpenAiDelta delta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                delta.Finished |= reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    delta.IsObject = true;
                    ReadDelta(ref reader, ref delta);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ref OpenAiDelta delta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                delta.Content = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                delta.HasToolCalls = true;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (delta.ToolCalls++ == 0 && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadToolCall(ref reader, ref delta);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadToolCall(ref Utf8JsonReader reader, ref OpenAiDelta delta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                delta.ToolIndex = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : 0;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isArguments = reader.ValueTextEquals("arguments"u8);
                    reader.Read();
                    if (isArguments)
                    {
                        delta.Arguments = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }

                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static StreamTextKind ClassifyAnthropic(ref Utf8JsonReader reader, ref string text, ref int group)
    {
        var isDelta = false;
        var hasDelta = false;
        var isTextDelta = false;
        string? deltaText = null;
        string? partialJson = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                isDelta = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("content_block_delta"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                group = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : 0;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                hasDelta = reader.TokenType == JsonTokenType.StartObject;
                if (!hasDelta)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        isTextDelta = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("text_delta"u8);
                    }
                    else if (reader.ValueTextEquals("text"u8))
                    {
                        reader.Read();
                        deltaText = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("partial_json"u8))
                    {
                        reader.Read();
                        partialJson = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else
                    {
                        reader.Read();
                    }

                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!isDelta || !hasDelta)
        {
            return StreamTextKind.Other;
        }

        if (isTextDelta && deltaText is not null)
        {
            text = deltaText;
            return StreamTextKind.Text;
        }

        if (partialJson is not null)
        {
            text = partialJson;
            return StreamTextKind.ToolArguments;
        }

        return StreamTextKind.Other;
    }

    /// <summary>Where the value of the event's (single) <c>data:</c> line is.</summary>
    private static Range DataRange(ReadOnlySpan<byte> sseEvent)
    {
        var offset = 0;
        while (offset < sseEvent.Length)
        {
            var newline = sseEvent[offset..].IndexOf((byte)'\n');
            var end = newline < 0 ? sseEvent.Length : offset + newline;
            var line = sseEvent[offset..end];
            if (line.StartsWith("data:"u8))
            {
                var start = offset + (line.Length > 5 && line[5] == (byte)' ' ? 6 : 5);
                var stop = end > start && sseEvent[end - 1] == (byte)'\r' ? end - 1 : end;
                return start..stop;
            }

            offset = end + 1;
        }

        return 0..0;
    }

    /// <summary>What the reader found in an OpenAI chunk's single choice.</summary>
    private struct OpenAiDelta
    {
        public bool Finished;
        public bool IsObject;
        public bool HasToolCalls;
        public int ToolCalls;
        public int ToolIndex;
        public string? Content;
        public string? Arguments;
    }
}
