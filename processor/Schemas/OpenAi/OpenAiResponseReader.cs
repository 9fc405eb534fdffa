using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// OpenAI chat completion (§1.3) → neutral <see cref="ChatResponse"/>, read forward-only (no document; issue 11). Only
/// choice 0 is read (bridged requests never ask for more). Non-standard <c>reasoning_content</c> /
/// <c>thinking_blocks</c> of OpenAI-compatible servers become thinking parts. Provider output is read leniently: a member
/// of the wrong kind is absent, unknown members are skipped, a repeated member counts as its last occurrence.
/// </summary>
internal static class OpenAiResponseReader
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

        string? id = null, model = null;
        IReadOnlyList<ContentPart> parts = [];
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
            else if (reader.ValueTextEquals("choices"u8))
            {
                (parts, finishReason) = ReadFirstChoice(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                OpenAiUsage.TryRead(ref reader, out usage);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return new ChatResponse { Id = id, Model = model, Parts = parts, FinishReason = finishReason, Usage = usage };
    }

    private static (IReadOnlyList<ContentPart> Parts, FinishReason? FinishReason) ReadFirstChoice(ref Utf8JsonReader reader)
    {
        IReadOnlyList<ContentPart> parts = [];
        FinishReason? finishReason = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return (parts, finishReason);
        }

        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("message"u8))
                    {
                        parts = ReadMessage(ref reader);
                    }
                    else if (reader.ValueTextEquals("finish_reason"u8))
                    {
                        finishReason = OpenAiFinishReasons.Read(ref reader);
                    }
                    else
                    {
                        JsonTokens.SkipValue(ref reader);
                    }
                }
            }
            else
            {
                reader.Skip();
            }

            first = false;
        }

        return (parts, finishReason);
    }

    /// <summary>The message's parts in the order thinking, content, refusal, tool calls, whatever the member order.</summary>
    private static List<ContentPart> ReadMessage(ref Utf8JsonReader reader)
    {
        var parts = new List<ContentPart>();
        if (!JsonTokens.StartObject(ref reader))
        {
            return parts;
        }

        List<ContentPart>? thinkingBlocks = null, toolCalls = null;
        string? reasoning = null, content = null, refusal = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("thinking_blocks"u8))
            {
                thinkingBlocks = ReadItems(ref reader, ReadThinkingBlock);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reasoning = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                content = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                refusal = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                toolCalls = ReadItems(ref reader, ReadToolCall);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        if (thinkingBlocks is not null)
        {
            parts.AddRange(thinkingBlocks);
        }
        else if (reasoning is { Length: > 0 })
        {
            parts.Add(new ThinkingPart(reasoning, null));
        }

        if (content is { Length: > 0 })
        {
            parts.Add(new TextPart(content));
        }

        if (refusal is { Length: > 0 })
        {
            parts.Add(new TextPart(refusal));
        }

        if (toolCalls is not null)
        {
            parts.AddRange(toolCalls);
        }

        return parts;
    }

    private delegate ContentPart ItemReader(ref Utf8JsonReader reader);

    /// <summary>An array member, one part per item (null when the member is not an array).</summary>
    private static List<ContentPart>? ReadItems(ref Utf8JsonReader reader, ItemReader readItem)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var items = new List<ContentPart>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(readItem(ref reader));
        }

        return items;
    }

    /// <summary>A <c>thinking_blocks</c> item (Anthropic block shape); an item that is not an object is an empty thinking part.</summary>
    private static ContentPart ReadThinkingBlock(ref Utf8JsonReader reader)
    {
        string? type = null, thinking = null, signature = null, data = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    type = JsonTokens.ReadString(ref reader);
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
                else
                {
                    JsonTokens.SkipValue(ref reader);
                }
            }
        }
        else
        {
            reader.Skip();
        }

        return type == "redacted_thinking" ? new RedactedThinkingPart(data ?? string.Empty) : new ThinkingPart(thinking ?? string.Empty, signature);
    }

    /// <summary>A <c>tool_calls</c> item; missing or mistyped members are empty strings.</summary>
    private static ContentPart ReadToolCall(ref Utf8JsonReader reader)
    {
        string? id = null, name = null, arguments = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = JsonTokens.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    (name, arguments) = (null, null);
                    if (JsonTokens.StartObject(ref reader))
                    {
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("name"u8))
                            {
                                name = JsonTokens.ReadString(ref reader);
                            }
                            else if (reader.ValueTextEquals("arguments"u8))
                            {
                                arguments = JsonTokens.ReadString(ref reader);
                            }
                            else
                            {
                                JsonTokens.SkipValue(ref reader);
                            }
                        }
                    }
                }
                else
                {
                    JsonTokens.SkipValue(ref reader);
                }
            }
        }
        else
        {
            reader.Skip();
        }

        return new ToolCallPart(id ?? string.Empty, name ?? string.Empty, arguments ?? string.Empty);
    }
}
