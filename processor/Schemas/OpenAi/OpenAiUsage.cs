using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// OpenAI usage ⇄ neutral <see cref="Usage"/> (§1.3, §7.6): <c>prompt_tokens</c> includes cache reads (and writes when
/// reported), so the uncached part is the difference; <c>completion_tokens</c> includes reasoning.
/// </summary>
internal static class OpenAiUsage
{
    /// <summary>
    /// The value after the reader's property name (the reader is left on its last token): an object gives its usage,
    /// anything else is skipped and gives false. Counters that are missing, not numbers or not 64-bit integers read as 0;
    /// a repeated member counts as its last occurrence (what <see cref="JsonDocument"/> lookups gave).
    /// </summary>
    public static bool TryRead(ref Utf8JsonReader reader, out Usage usage)
    {
        usage = default;
        if (!JsonTokens.StartObject(ref reader))
        {
            return false;
        }

        long prompt = 0, completion = 0, cached = 0, written = 0, reasoning = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completion = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                (cached, written) = (0, 0);
                if (JsonTokens.StartObject(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("cached_tokens"u8))
                        {
                            cached = JsonTokens.ReadLong(ref reader);
                        }
                        else if (reader.ValueTextEquals("cache_write_tokens"u8))
                        {
                            written = JsonTokens.ReadLong(ref reader);
                        }
                        else
                        {
                            JsonTokens.SkipValue(ref reader);
                        }
                    }
                }
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reasoning = 0;
                if (JsonTokens.StartObject(ref reader))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("reasoning_tokens"u8))
                        {
                            reasoning = JsonTokens.ReadLong(ref reader);
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

        usage = new Usage(Math.Max(0, prompt - cached - written), completion, cached, written, reasoning);
        return true;
    }

    public static void Write(Utf8JsonWriter writer, Usage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, usage.TotalInputTokens);
        writer.WriteNumber("completion_tokens"u8, usage.OutputTokens);
        writer.WriteNumber("total_tokens"u8, usage.TotalInputTokens + usage.OutputTokens);
        writer.WriteStartObject("prompt_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, usage.CacheReadTokens);
        if (usage.CacheWriteTokens > 0)
        {
            writer.WriteNumber("cache_write_tokens"u8, usage.CacheWriteTokens);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details"u8);
        writer.WriteNumber("reasoning_tokens"u8, usage.ReasoningTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
