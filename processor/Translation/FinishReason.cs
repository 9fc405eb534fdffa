namespace AiGateway.Processor.Translation;

/// <summary>Why generation stopped, with enough cases to map every §7.5 row both ways.</summary>
internal enum FinishReason
{
    EndTurn,
    StopSequence,
    MaxTokens,
    ToolUse,
    Refusal,
    ContentFilter,
    ContextWindowExceeded,
    PauseTurn,
    GuardrailIntervened,
    MalformedOutput,
}
