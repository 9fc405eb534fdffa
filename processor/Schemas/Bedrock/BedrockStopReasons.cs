using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>Bedrock <c>stopReason</c> → <see cref="FinishReason"/> (§3.3, §7.5).</summary>
internal static class BedrockStopReasons
{
    private static readonly KnownStrings WireValues = new("end_turn", "stop_sequence", "max_tokens", "tool_use", "guardrail_intervened", "content_filtered");

    /// <summary>The string value after the reader's property name, parsed without a new string for known values (null when not a string).</summary>
    public static FinishReason? Read(ref Utf8JsonReader reader) => Parse(WireValues.Read(ref reader));

    public static FinishReason? Parse(string? value) => value switch
    {
        "end_turn" => FinishReason.EndTurn,
        "stop_sequence" => FinishReason.StopSequence,
        "max_tokens" => FinishReason.MaxTokens,
        "tool_use" => FinishReason.ToolUse,
        "guardrail_intervened" => FinishReason.GuardrailIntervened,
        "content_filtered" => FinishReason.ContentFilter,
        "malformed_model_output" or "malformed_tool_use" => FinishReason.MalformedOutput,
        "model_context_window_exceeded" => FinishReason.ContextWindowExceeded,
        null => null,
        _ => FinishReason.EndTurn,
    };
}
