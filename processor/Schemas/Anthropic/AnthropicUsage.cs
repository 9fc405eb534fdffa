using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>Anthropic usage ⇄ neutral <see cref="Usage"/> (§2.3, §7.6): <c>input_tokens</c> already excludes cache.</summary>
internal static class AnthropicUsage
{
    public static Usage Read(JsonElement usage) => new(
        JsonValues.Long(usage, "input_tokens"),
        JsonValues.Long(usage, "output_tokens"),
        JsonValues.Long(usage, "cache_read_input_tokens"),
        JsonValues.Long(usage, "cache_creation_input_tokens"),
        JsonValues.Long(JsonValues.Object(usage, "output_tokens_details"), "thinking_tokens"));

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
