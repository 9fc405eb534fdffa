using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// OpenAI usage ⇄ neutral <see cref="Usage"/> (§1.3, §7.6): <c>prompt_tokens</c> includes cache reads (and writes when
/// reported), so the uncached part is the difference; <c>completion_tokens</c> includes reasoning.
/// </summary>
internal static class OpenAiUsage
{
    public static Usage Read(JsonElement usage)
    {
        var details = JsonValues.Object(usage, "prompt_tokens_details");
        var cached = JsonValues.Long(details, "cached_tokens");
        var written = JsonValues.Long(details, "cache_write_tokens");
        var prompt = JsonValues.Long(usage, "prompt_tokens");
        return new Usage(
            Math.Max(0, prompt - cached - written),
            JsonValues.Long(usage, "completion_tokens"),
            cached,
            written,
            JsonValues.Long(JsonValues.Object(usage, "completion_tokens_details"), "reasoning_tokens"));
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
