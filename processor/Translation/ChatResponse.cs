namespace AiGateway.Processor.Translation;

/// <summary>A complete (non-streaming) assistant answer in the neutral model.</summary>
internal sealed record ChatResponse
{
    public string? Id { get; init; }

    public string? Model { get; init; }

    public IReadOnlyList<ContentPart> Parts { get; init; } = [];

    public FinishReason? FinishReason { get; init; }

    public string? StopSequence { get; init; }

    public Usage Usage { get; init; }
}
