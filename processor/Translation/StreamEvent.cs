namespace AiGateway.Processor.Translation;

/// <summary>
/// One neutral stream event. <see cref="Index"/> counts all content blocks (Anthropic/Bedrock meaning, §7.10 item 10);
/// <see cref="Text"/> carries the delta text, partial tool JSON, signature or redacted data depending on <see cref="Kind"/>.
/// </summary>
internal readonly record struct StreamEvent(StreamEventKind Kind)
{
    public int Index { get; init; }

    public BlockKind Block { get; init; }

    public string? Text { get; init; }

    /// <summary>Message id on <see cref="StreamEventKind.MessageStart"/>, tool call id on a tool block start.</summary>
    public string? Id { get; init; }

    /// <summary>Model on <see cref="StreamEventKind.MessageStart"/>, tool name on a tool block start.</summary>
    public string? Name { get; init; }

    public Usage Usage { get; init; }

    public FinishReason? FinishReason { get; init; }

    public string? StopSequence { get; init; }

    public GatewayError? Error { get; init; }
}
