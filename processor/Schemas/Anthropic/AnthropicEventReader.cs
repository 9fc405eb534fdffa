using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>
/// Reads an Anthropic stream event with <see cref="Utf8JsonReader"/> (STYLE hot path: no document per delta). Unknown
/// members are skipped; members may come in any order. Event and delta types come back as shared strings and the delta
/// value as UTF-8 in the caller's scratch, so a delta allocates nothing.
/// </summary>
internal static class AnthropicEventReader
{
    private static readonly KnownStrings Types = new(
        "content_block_delta", "content_block_start", "content_block_stop", "message_start", "message_delta", "message_stop", "ping", "error");

    private static readonly KnownStrings DeltaTypes = new("text_delta", "input_json_delta", "thinking_delta", "signature_delta");

    private static readonly KnownStrings BlockTypes = new("text", "tool_use", "thinking", "redacted_thinking");

    public static bool TryRead(ReadOnlySpan<byte> json, Utf8Scratch scratch, out AnthropicEventFields fields)
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
                if (reader.ValueTextEquals("type"u8))
                {
                    fields.Type = Types.Read(ref reader);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    fields.Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : 0;
                }
                else if (reader.ValueTextEquals("content_block"u8))
                {
                    ReadBlock(ref reader, ref fields);
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    ReadDelta(ref reader, scratch, ref fields);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    ReadMessage(ref reader, ref fields);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    fields.Usage = AnthropicUsage.Read(ref reader);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    ReadError(ref reader, ref fields);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
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

    private static void ReadBlock(ref Utf8JsonReader reader, ref AnthropicEventFields fields)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                fields.BlockType = BlockTypes.Read(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                fields.BlockId = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                fields.BlockName = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("thinking"u8))
            {
                fields.BlockText = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("signature"u8))
            {
                fields.BlockSignature = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                fields.BlockData = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, Utf8Scratch scratch, ref AnthropicEventFields fields)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                fields.DeltaType = DeltaTypes.Read(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("partial_json"u8)
                || reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("signature"u8))
            {
                fields.DeltaValue = JsonTokens.ReadUtf8(ref reader, scratch);
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                fields.StopReason = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("stop_sequence"u8))
            {
                fields.StopSequence = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadMessage(ref Utf8JsonReader reader, ref AnthropicEventFields fields)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                fields.MessageId = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                fields.MessageModel = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                fields.Usage = AnthropicUsage.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadError(ref Utf8JsonReader reader, ref AnthropicEventFields fields)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                fields.ErrorType = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                fields.ErrorMessage = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }
}
