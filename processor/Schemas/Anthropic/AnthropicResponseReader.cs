using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>
/// Anthropic Messages response (§2.3) → neutral <see cref="ChatResponse"/>, read forward-only (no document; issue 11);
/// tool input kept as its raw JSON text. Provider output is read leniently: a member of the wrong kind is absent,
/// unknown members and block kinds are skipped, a repeated member counts as its last occurrence.
/// </summary>
internal static class AnthropicResponseReader
{
    /// <summary>Throws <see cref="JsonException"/> when the body is not JSON.</summary>
    public static ChatResponse Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new ChatResponse();
        }

        string? id = null, model = null, stopSequence = null;
        List<ContentPart> parts = [];
        FinishReason? finishReason = null;
        Usage usage = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                parts = ReadContent(ref reader, body);
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                finishReason = AnthropicStopReasons.Read(ref reader);
            }
            else if (reader.ValueTextEquals("stop_sequence"u8))
            {
                stopSequence = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = AnthropicUsage.Read(ref reader);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return new ChatResponse { Id = id, Model = model, Parts = parts, FinishReason = finishReason, StopSequence = stopSequence, Usage = usage };
    }

    private static List<ContentPart> ReadContent(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        var parts = new List<ContentPart>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return parts;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
            }
            else if (ReadBlock(ref reader, body) is { } part)
            {
                parts.Add(part);
            }
        }

        return parts;
    }

    /// <summary>One content block (members in any order); null for kinds without a neutral form.</summary>
    private static ContentPart? ReadBlock(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        string? type = null, text = null, thinking = null, signature = null, data = null, id = null, name = null, input = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                type = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                text = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                thinking = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("signature"u8))
            {
                signature = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                data = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                input = JsonTokens.ReadRawText(ref reader, body);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return type switch
        {
            "text" => new TextPart(text ?? string.Empty),
            "thinking" => new ThinkingPart(thinking ?? string.Empty, signature),
            "redacted_thinking" => new RedactedThinkingPart(data ?? string.Empty),
            "tool_use" => new ToolCallPart(id ?? string.Empty, name ?? string.Empty, input ?? "{}"),

            // Server-tool results and other block kinds have no neutral form; a bridged client cannot use them.
            _ => null,
        };
    }
}
