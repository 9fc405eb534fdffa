using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>OpenAI <c>finish_reason</c> ⇄ <see cref="FinishReason"/> (§7.5).</summary>
internal static class OpenAiFinishReasons
{
    private static readonly KnownStrings WireValues = new("stop", "length", "tool_calls", "function_call", "content_filter");

    /// <summary>The string value after the reader's property name, parsed without a new string for known values (null when not a string).</summary>
    public static FinishReason? Read(ref Utf8JsonReader reader) => Parse(WireValues.Read(ref reader));

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
