using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// The answer text of a non-streaming client-format response: OpenAI <c>choices[].message.content</c> (§1.3),
/// Anthropic <c>content[]</c> text blocks (§2.3). Rewrites it, or replaces the whole answer with a refusal.
/// </summary>
internal static class ResponseTextRewriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Calls <paramref name="map"/> on every answer text in order; true when one changed.</summary>
    public static bool Visit(ApiSchema client, JsonObject root, Func<string, string> map)
    {
        var changed = false;
        if (SchemaCodecs.IsOpenAiFamily(client))
        {
            foreach (var choice in root["choices"] as JsonArray ?? [])
            {
                if (choice?["message"] is JsonObject message && message["content"] is { } content && content.GetValueKind() == JsonValueKind.String)
                {
                    changed |= Replace(message, "content", content.GetValue<string>(), map);
                }
            }

            return changed;
        }

        foreach (var block in root["content"] as JsonArray ?? [])
        {
            if (block is JsonObject b && b["type"]?.GetValueKind() == JsonValueKind.String && b["type"]!.GetValue<string>() == "text"
                && b["text"] is { } text && text.GetValueKind() == JsonValueKind.String)
            {
                changed |= Replace(b, "text", text.GetValue<string>(), map);
            }
        }

        return changed;
    }

    /// <summary>
    /// Replaces the answer with the refusal message: OpenAI <c>finish_reason: content_filter</c>, Anthropic
    /// <c>stop_reason: refusal</c> (§7.5); tool calls are dropped with the text (a refused answer acts on nothing).
    /// </summary>
    public static void Refuse(ApiSchema client, JsonObject root, string refusal)
    {
        if (SchemaCodecs.IsOpenAiFamily(client))
        {
            foreach (var choice in root["choices"] as JsonArray ?? [])
            {
                if (choice is JsonObject c && c["message"] is JsonObject message)
                {
                    message["content"] = refusal;
                    message.Remove("tool_calls");
                    c["finish_reason"] = "content_filter";
                }
            }

            return;
        }

        root["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = refusal });
        root["stop_reason"] = "refusal";
        root["stop_sequence"] = null;
    }

    public static byte[] Write(JsonObject root)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            root.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool Replace(JsonObject owner, string property, string text, Func<string, string> map)
    {
        var replaced = map(text);
        if (replaced == text)
        {
            return false;
        }

        owner[property] = replaced;
        return true;
    }
}
