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

        try
        {
            using var document = JsonDocument.Parse(data.ToArray());
            var root = document.RootElement;
            return SchemaCodecs.IsOpenAiFamily(client) ? ClassifyOpenAi(root, ref text, ref group) : ClassifyAnthropic(root, ref text, ref group);
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

    private static StreamTextKind ClassifyOpenAi(JsonElement root, ref string text, ref int group)
    {
        if (!root.TryGetProperty("choices"u8, out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() != 1)
        {
            return StreamTextKind.Other;
        }

        var choice = choices[0];
        var finished = choice.TryGetProperty("finish_reason"u8, out var finish) && finish.ValueKind != JsonValueKind.Null;
        var hasUsage = root.TryGetProperty("usage"u8, out var usage) && usage.ValueKind != JsonValueKind.Null;
        if (finished || hasUsage || !choice.TryGetProperty("delta"u8, out var delta) || delta.ValueKind != JsonValueKind.Object)
        {
            return StreamTextKind.Other;
        }

        if (delta.TryGetProperty("content"u8, out var content) && content.ValueKind == JsonValueKind.String
            && !delta.TryGetProperty("tool_calls"u8, out _))
        {
            text = content.GetString()!;
            return text.Length == 0 ? StreamTextKind.Other : StreamTextKind.Text;
        }

        if (delta.TryGetProperty("tool_calls"u8, out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() == 1
            && calls[0].TryGetProperty("function"u8, out var function) && function.TryGetProperty("arguments"u8, out var arguments)
            && arguments.ValueKind == JsonValueKind.String)
        {
            group = calls[0].TryGetProperty("index"u8, out var index) && index.TryGetInt32(out var i) ? i : 0;
            text = arguments.GetString()!;
            return StreamTextKind.ToolArguments;
        }

        return StreamTextKind.Other;
    }

    private static StreamTextKind ClassifyAnthropic(JsonElement root, ref string text, ref int group)
    {
        if (!root.TryGetProperty("type"u8, out var type) || !type.ValueEquals("content_block_delta"u8)
            || !root.TryGetProperty("delta"u8, out var delta))
        {
            return StreamTextKind.Other;
        }

        group = root.TryGetProperty("index"u8, out var index) && index.TryGetInt32(out var i) ? i : 0;
        if (delta.TryGetProperty("type"u8, out var deltaType) && deltaType.ValueEquals("text_delta"u8)
            && delta.TryGetProperty("text"u8, out var t) && t.ValueKind == JsonValueKind.String)
        {
            text = t.GetString()!;
            return StreamTextKind.Text;
        }

        if (delta.TryGetProperty("partial_json"u8, out var json) && json.ValueKind == JsonValueKind.String)
        {
            text = json.GetString()!;
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
}
