using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>OpenAI <c>finish_reason</c> ⇄ <see cref="FinishReason"/> (§7.5).</summary>
internal static class OpenAiFinishReasons
{
    public static FinishReason? Parse(string? value) => value switch
    {
        "stop" => FinishReason.EndTurn,
        "length" => FinishReason.MaxTokens,
        "tool_calls" or "function_call" => FinishReason.ToolUse,
        "content_filter" => FinishReason.ContentFilter,
        null => null,
        _ => FinishReason.EndTurn,
    };

    public static string ToWire(FinishReason reason) => reason switch
    {
        FinishReason.MaxTokens or FinishReason.ContextWindowExceeded => "length",
        FinishReason.ToolUse => "tool_calls",
        FinishReason.Refusal or FinishReason.ContentFilter or FinishReason.GuardrailIntervened => "content_filter",
        _ => "stop",
    };
}
