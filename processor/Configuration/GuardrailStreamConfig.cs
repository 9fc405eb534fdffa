namespace AiGateway.Processor.Configuration;

/// <summary>The window streamed text is held in while it is checked (ADR 010).</summary>
internal sealed record GuardrailStreamConfig
{
    /// <summary>Text (characters) held back before a check releases it.</summary>
    public int WindowChars { get; init; } = 1024;

    /// <summary>Text (characters) kept back after each check, so a match split across chunks is still seen whole.</summary>
    public int OverlapChars { get; init; } = 256;
}
