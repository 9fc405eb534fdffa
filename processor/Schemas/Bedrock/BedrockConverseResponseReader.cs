using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// Bedrock ConverseResponse (§3.3) → neutral <see cref="ChatResponse"/>, read forward-only (no document; issue 11); no
/// id or model on the wire (the context supplies them). Provider output is read leniently: a member of the wrong kind is
/// absent, unknown members are skipped, a repeated member counts as its last occurrence.
/// </summary>
internal static class BedrockConverseResponseReader
{
    /// <summary>
    /// Null when the body has no <c>output.message</c> object (seen in the wild, §3.4): the caller answers 502. Throws
    /// <see cref="JsonException"/> when the body is not JSON.
    /// </summary>
    public static ChatResponse? Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        List<ContentPart>? parts = null;
        FinishReason? finishReason = null;
        string? stopSequence = null;
        Usage usage = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("output"u8))
            {
                parts = ReadOutput(ref reader, body);
            }
            else if (reader.ValueTextEquals("stopReason"u8))
            {
                finishReason = BedrockStopReasons.Read(ref reader);
            }
            else if (reader.ValueTextEquals("additionalModelResponseFields"u8))
            {
                stopSequence = ReadStopSequence(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = BedrockUsage.Read(ref reader);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return parts is null ? null : new ChatResponse { Parts = parts, FinishReason = finishReason, StopSequence = stopSequence, Usage = usage };
    }

    /// <summary>The parts of <c>output.message.content</c>; null when there is no message object.</summary>
    private static List<ContentPart>? ReadOutput(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return null;
        }

        List<ContentPart>? parts = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                parts = ReadMessage(ref reader, body);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return parts;
    }

    private static List<ContentPart>? ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return null;
        }

        var parts = new List<ContentPart>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                parts = ReadContent(ref reader, body);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return parts;
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

    /// <summary>One ContentBlock union (members in any order): <c>text</c>, else <c>toolUse</c>, else <c>reasoningContent</c>; null for other kinds.</summary>
    private static ContentPart? ReadBlock(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        string? text = null;
        ContentPart? toolUse = null, reasoning = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                text = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("toolUse"u8))
            {
                toolUse = ReadToolUse(ref reader, body);
            }
            else if (reader.ValueTextEquals("reasoningContent"u8))
            {
                reasoning = ReadReasoning(ref reader);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return text is not null ? new TextPart(text) : toolUse ?? reasoning;
    }

    private static ToolCallPart? ReadToolUse(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return null;
        }

        string? id = null, name = null, input = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("toolUseId"u8))
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

        return new ToolCallPart(id ?? string.Empty, name ?? string.Empty, input ?? "{}");
    }

    /// <summary><c>redactedContent</c> when it is a string, else the <c>reasoningText</c> (empty when missing).</summary>
    private static ContentPart? ReadReasoning(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return null;
        }

        string? redacted = null, text = null, signature = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("redactedContent"u8))
            {
                redacted = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoningText"u8))
            {
                (text, signature) = (null, null);
                if (JsonTokens.StartObject(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("text"u8))
                        {
                            text = JsonTokens.ReadString(ref reader);
                        }
                        else if (reader.ValueTextEquals("signature"u8))
                        {
                            signature = JsonTokens.ReadString(ref reader);
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

        return redacted is not null ? new RedactedThinkingPart(redacted) : new ThinkingPart(text ?? string.Empty, signature);
    }

    private static string? ReadStopSequence(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return null;
        }

        string? stopSequence = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stop_sequence"u8))
            {
                stopSequence = JsonTokens.ReadString(ref reader);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return stopSequence;
    }
}
