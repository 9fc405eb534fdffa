using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>Bedrock <c>stopReason</c> → <see cref="FinishReason"/> (§3.3, §7.5).</summary>
internal static class BedrockStopReasons
{
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
