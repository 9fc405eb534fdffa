using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// Reads a ConverseStream event payload with <see cref="Utf8JsonReader"/> (STYLE hot path). Unknown members, such as
/// the random <c>p</c> padding of real AWS payloads (§3.5), are skipped. The delta value is unescaped into the caller's
/// scratch, so a delta allocates nothing.
/// </summary>
internal static class BedrockEventReader
{
    public static bool TryRead(ReadOnlySpan<byte> json, Utf8Scratch scratch, out BedrockEventFields fields)
    {
        fields = default;
        scratch.Reset(json.Length);
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("contentBlockIndex"u8))
                {
                    reader.Read();
                    fields.Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : 0;
                }
                else if (reader.ValueTextEquals("start"u8))
                {
                    ReadStart(ref reader, ref fields);
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    ReadDelta(ref reader, scratch, ref fields);
                }
                else if (reader.ValueTextEquals("stopReason"u8))
                {
                    fields.StopReason = JsonTokens.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("additionalModelResponseFields"u8) && JsonTokens.StartObject(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("stop_sequence"u8))
                        {
                            fields.StopSequence = JsonTokens.ReadString(ref reader);
                        }
                        else
                        {
                            JsonTokens.SkipValue(ref reader);
                        }
                    }
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("usage"u8))
                {
                    fields.HasUsage = true;
                    fields.Usage = BedrockUsage.Read(ref reader);
                }
                else if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    JsonTokens.SkipValue(ref reader);
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A member of the wrong JSON type where an object or string was expected.
            return false;
        }
    }

    private static void ReadStart(ref Utf8JsonReader reader, ref BedrockEventFields fields)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("toolUse"u8) && JsonTokens.StartObject(ref reader))
            {
                fields.StartsToolUse = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("toolUseId"u8))
                    {
                        fields.ToolUseId = JsonTokens.ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("name"u8))
                    {
                        fields.ToolName = JsonTokens.ReadString(ref reader);
                    }
                    else
                    {
                        JsonTokens.SkipValue(ref reader);
                    }
                }
            }
            else if (reader.TokenType == JsonTokenType.PropertyName)
            {
                JsonTokens.SkipValue(ref reader);
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, Utf8Scratch scratch, ref BedrockEventFields fields)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                fields.DeltaKind = BedrockDeltaKind.Text;
                fields.DeltaValue = JsonTokens.ReadUtf8(ref reader, scratch);
            }
            else if (reader.ValueTextEquals("toolUse"u8) && JsonTokens.StartObject(ref reader))
            {
                fields.DeltaKind = BedrockDeltaKind.ToolInput;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("input"u8))
                    {
                        fields.DeltaValue = JsonTokens.ReadUtf8(ref reader, scratch);
                    }
                    else
                    {
                        JsonTokens.SkipValue(ref reader);
                    }
                }
            }
            else if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("reasoningContent"u8) && JsonTokens.StartObject(ref reader))
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("text"u8))
                    {
                        fields.DeltaKind = BedrockDeltaKind.ReasoningText;
                        fields.DeltaValue = JsonTokens.ReadUtf8(ref reader, scratch);
                    }
                    else if (reader.ValueTextEquals("signature"u8))
                    {
                        fields.DeltaKind = BedrockDeltaKind.ReasoningSignature;
                        fields.DeltaValue = JsonTokens.ReadUtf8(ref reader, scratch);
                    }
                    else if (reader.ValueTextEquals("redactedContent"u8))
                    {
                        fields.DeltaKind = BedrockDeltaKind.RedactedContent;
                        fields.DeltaValue = JsonTokens.ReadUtf8(ref reader, scratch);
                    }
                    else
                    {
                        JsonTokens.SkipValue(ref reader);
                    }
                }
            }
            else if (reader.TokenType == JsonTokenType.PropertyName)
            {
                JsonTokens.SkipValue(ref reader);
            }
        }
    }
}
