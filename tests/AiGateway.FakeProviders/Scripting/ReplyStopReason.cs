namespace AiGateway.FakeProviders.Scripting;

/// <summary>Why the model stopped; mapped per provider as in shared/reference/provider-apis.md §7.5.</summary>
public enum ReplyStopReason
{
    EndTurn,
    MaxTokens,
    ToolUse,
    StopSequence,
}
