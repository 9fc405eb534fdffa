using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Visits the same texts as <see cref="RequestTexts"/>, in the client's own JSON (OpenAI §1.2, Anthropic §2.2), and
/// lets a function replace each one. Used only when a guardrail changes text: the rewritten body is parsed again, so
/// passthrough (client bytes) and bridging (neutral model) both send the masked text, on every attempt.
/// </summary>
internal static class RequestTextRewriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Calls <paramref name="map"/> on every text in document order; returns the new body, or null when nothing changed.</summary>
    public static byte[]? Rewrite(ApiSchema schema, ReadOnlySpan<byte> body, Func<string, string> map)
    {
        if (JsonNode.Parse(body) is not JsonObject root)
        {
            return null;
        }

        var changed = false;
        if (schema is ApiSchema.Anthropic && root["system"] is { } system)
        {
            changed |= VisitContent(root, "system", system, map);
        }

        if (root["messages"] is JsonArray messages)
        {
            foreach (var message in messages)
            {
                if (message is JsonObject m && m["content"] is { } content)
                {
                    changed |= VisitContent(m, "content", content, map);
                }
            }
        }

        if (!changed)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            root.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A content value: a string, or an array of blocks whose text blocks (and tool results' text) are visited.</summary>
    private static bool VisitContent(JsonObject owner, string property, JsonNode content, Func<string, string> map)
    {
        if (content.GetValueKind() == JsonValueKind.String)
        {
            return Replace(owner, property, content.GetValue<string>(), map);
        }

        if (content is not JsonArray blocks)
        {
            return false;
        }

        var changed = false;
        foreach (var block in blocks)
        {
            if (block is not JsonObject b || b["type"]?.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            var type = b["type"]!.GetValue<string>();
            if (type == "text" && b["text"] is { } text && text.GetValueKind() == JsonValueKind.String)
            {
                changed |= Replace(b, "text", text.GetValue<string>(), map);
            }
            else if (type == "tool_result" && b["content"] is { } inner)
            {
                changed |= VisitContent(b, "content", inner, map);
            }
        }

        return changed;
    }

    private static bool Replace(JsonObject owner, string property, string text, Func<string, string> map)
    {
        var replaced = map(text);
        if (ReferenceEquals(replaced, text) || replaced == text)
        {
            return false;
        }

        owner[property] = replaced;
        return true;
    }
}
