using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>Anthropic <c>stop_reason</c> ⇄ <see cref="FinishReason"/> (§7.5).</summary>
internal static class AnthropicStopReasons
{
    private static readonly KnownStrings WireValues = new("end_turn", "stop_sequence", "max_tokens", "tool_use", "refusal", "pause_turn");

    /// <summary>The string value after the reader's property name, parsed without a new string for known values (null when not a string).</summary>
    public static FinishReason? Read(ref Utf8JsonReader reader) => Parse(WireValues.Read(ref reader));

    public static FinishReason? Parse(string? value) => value switch
    {
        "end_turn" => FinishReason.EndTurn,
        "stop_sequence" => FinishReason.StopSequence,
        "max_tokens" => FinishReason.MaxTokens,
        "tool_use" => FinishReason.ToolUse,
        "refusal" => FinishReason.Refusal,
        "pause_turn" => FinishReason.PauseTurn,
        "model_context_window_exceeded" => FinishReason.ContextWindowExceeded,
        null => null,
        _ => FinishReason.EndTurn,
    };

    /// <summary>Content filters and guardrails become <c>refusal</c> (agentgateway's choice in §7.5: the client learns the truth).</summary>
    public static string ToWire(FinishReason reason) => reason switch
    {
        FinishReason.StopSequence => "stop_sequence",
        FinishReason.MaxTokens => "max_tokens",
        FinishReason.ToolUse => "tool_use",
        FinishReason.Refusal or FinishReason.ContentFilter or FinishReason.GuardrailIntervened => "refusal",
        FinishReason.PauseTurn => "pause_turn",
        FinishReason.ContextWindowExceeded => "model_context_window_exceeded",
        _ => "end_turn",
    };
}
