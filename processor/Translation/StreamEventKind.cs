namespace AiGateway.Processor.Translation;

/// <summary>Neutral stream events, shaped like Anthropic's (§2.4) because it is the richest of the three formats.</summary>
internal enum StreamEventKind
{
    MessageStart,
    BlockStart,
    TextDelta,
    ThinkingDelta,
    SignatureDelta,
    ToolArgumentsDelta,
    BlockStop,
    MessageDelta,
    MessageStop,
    Ping,

    /// <summary>Usage seen mid-stream (OpenAI usage chunk): recorded, not rendered; the message delta carries it to clients.</summary>
    Usage,
    Error,
}
