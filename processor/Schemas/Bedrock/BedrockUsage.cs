using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>Bedrock TokenUsage → neutral <see cref="Usage"/> (§3.3): <c>inputTokens</c> excludes cache like Anthropic.</summary>
internal static class BedrockUsage
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

        long input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("inputTokens"u8))
            {
                input = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("outputTokens"u8))
            {
                output = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cacheReadInputTokens"u8))
            {
                cacheRead = JsonTokens.ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cacheWriteInputTokens"u8))
            {
                cacheWrite = JsonTokens.ReadLong(ref reader);
            }
            else
            {
                JsonTokens.SkipValue(ref reader);
            }
        }

        return new Usage(input, output, cacheRead, cacheWrite, 0);
    }
}
