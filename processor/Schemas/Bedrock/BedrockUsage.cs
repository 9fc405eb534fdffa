using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>Bedrock TokenUsage → neutral <see cref="Usage"/> (§3.3): <c>inputTokens</c> excludes cache like Anthropic.</summary>
internal static class BedrockUsage
{
    public static Usage Read(JsonElement usage) => new(
        JsonValues.Long(usage, "inputTokens"),
        JsonValues.Long(usage, "outputTokens"),
        JsonValues.Long(usage, "cacheReadInputTokens"),
        JsonValues.Long(usage, "cacheWriteInputTokens"),
        0);
}
