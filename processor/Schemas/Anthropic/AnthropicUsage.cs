using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>Anthropic usage ⇄ neutral <see cref="Usage"/> (§2.3, §7.6): <c>input_tokens</c> already excludes cache.</summary>
internal static class AnthropicUsage
{
    /// <summary>
    /// The value after the reader's property name (the reader is left on its last token): an object gives its usage,
    /// anything else is skipped and reads as no usage. Counters that are missing, not numbers or not 64-bit integers read
    /// as 0; a repeated member counts as its last occurrence (what <see cref="JsonDocument"/> lookups gave).
    /// </summary>
    public static Usage Read(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return default;
        }

        long input = 0, output = 0, cacheRead = 0, cacheWrite = 0, thinking = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                input = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                output = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                cacheRead = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheWrite = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens_details"u8))
            {
                thinking = 0;
                if (JsonTokens.StartObject(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("thinking_tokens"u8))
                        {
                            thinking = JsonTokens.ReadLong(ref reader);
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

        return new Usage(input, output, cacheRead, cacheWrite, thinking);
    }

    public static void Write(Utf8JsonWriter writer, Usage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, usage.InputTokens);
        writer.WriteNumber("output_tokens"u8, usage.OutputTokens);
        writer.WriteNumber("cache_creation_input_tokens"u8, usage.CacheWriteTokens);
        writer.WriteNumber("cache_read_input_tokens"u8, usage.CacheReadTokens);
        if (usage.ReasoningTokens > 0)
        {
            writer.WriteStartObject("output_tokens_details"u8);
            writer.WriteNumber("thinking_tokens"u8, usage.ReasoningTokens);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
