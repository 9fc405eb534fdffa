using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// Reads a chat-completion chunk with <see cref="Utf8JsonReader"/> (STYLE hot path). Only choice 0 is read (bridged
/// requests never ask for more); tool-call deltas go to the caller's reusable list. Delta texts are unescaped into the
/// caller's <see cref="Utf8Scratch"/> and <c>id</c>/<c>model</c> are read only when asked for (the first chunk), so a
/// text delta allocates nothing.
/// </summary>
internal static class OpenAiChunkReader
{
    /// <param name="readHeader">Read <c>id</c> and <c>model</c> (strings); later chunks repeat them and they are not needed.</param>
    public static bool TryRead(ReadOnlySpan<byte> json, List<OpenAiToolCallDelta> toolCalls, Utf8Scratch scratch, bool readHeader, out OpenAiChunkFields fields)
    {
        fields = default;
        toolCalls.Clear();
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
                if (readHeader && reader.ValueTextEquals("id"u8))
                {
                    fields.Id = JsonTokens.ReadString(ref reader);
                }
                else if (readHeader && reader.ValueTextEquals("model"u8))
                {
                    fields.Model = JsonTokens.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    ReadChoices(ref reader, toolCalls, scratch, ref fields);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    if (OpenAiUsage.TryRead(ref reader, out var usage))
                    {
                        (fields.HasUsage, fields.Usage) = (true, usage);
                    }
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    ReadError(ref reader, ref fields);
                }
                else
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
            // A member of the wrong JSON type where a string or number was expected.
            return false;
        }
    }

    private static void ReadChoices(ref Utf8JsonReader reader, List<OpenAiToolCallDelta> toolCalls, Utf8Scratch scratch, ref OpenAiChunkFields fields)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            fields.ChoiceCount++;
            var index = 0;
            ReadOnlyMemory<byte> content = default, reasoning = default, refusal = default;
            string? finish = null;
            var calls = toolCalls.Count;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    index = (int)JsonTokens.ReadLong(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    finish = JsonTokens.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("delta"u8) && JsonTokens.StartObject(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("content"u8))
                        {
                            content = JsonTokens.ReadUtf8(ref reader, scratch);
                        }
                        else if (reader.ValueTextEquals("reasoning_content"u8))
                        {
                            reasoning = JsonTokens.ReadUtf8(ref reader, scratch);
                        }
                        else if (reader.ValueTextEquals("refusal"u8))
                        {
                            refusal = JsonTokens.ReadUtf8(ref reader, scratch);
                        }
                        else if (reader.ValueTextEquals("tool_calls"u8))
                        {
                            ReadToolCalls(ref reader, toolCalls, scratch);
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

            if (index == 0)
            {
                (fields.Content, fields.ReasoningContent, fields.Refusal, fields.FinishReason) = (content, reasoning, refusal, finish);
            }
            else
            {
                toolCalls.RemoveRange(calls, toolCalls.Count - calls);
            }
        }
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, List<OpenAiToolCallDelta> toolCalls, Utf8Scratch scratch)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var index = 0;
            string? id = null, name = null;
            ReadOnlyMemory<byte> arguments = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    index = (int)JsonTokens.ReadLong(ref reader);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    id = JsonTokens.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8) && JsonTokens.StartObject(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            name = JsonTokens.ReadString(ref reader);
                        }
                        else if (reader.ValueTextEquals("arguments"u8))
                        {
                            arguments = JsonTokens.ReadUtf8(ref reader, scratch);
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

            toolCalls.Add(new OpenAiToolCallDelta(index, id, name, arguments));
        }
    }

    private static void ReadError(ref Utf8JsonReader reader, ref OpenAiChunkFields fields)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return;
        }

        fields.HasError = true;
        string? type = null, code = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                fields.ErrorMessage = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                code = JsonTokens.ReadString(ref reader);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        fields.ErrorType = code ?? type;
    }
}
