using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Telemetry;

/// <summary>Finish reasons as records and spans spell them (snake_case of the neutral model's reasons).</summary>
internal static class FinishReasonNames
{
    public static string Name(FinishReason reason) => reason switch
    {
        FinishReason.EndTurn => "end_turn",
        FinishReason.StopSequence => "stop_sequence",
        FinishReason.MaxTokens => "max_tokens",
        FinishReason.ToolUse => "tool_use",
        FinishReason.Refusal => "refusal",
        FinishReason.ContentFilter => "content_filter",
        FinishReason.ContextWindowExceeded => "context_window_exceeded",
        FinishReason.PauseTurn => "pause_turn",
        FinishReason.GuardrailIntervened => "guardrail_intervened",
        FinishReason.MalformedOutput => "malformed_output",
        _ => "other",
    };
}
