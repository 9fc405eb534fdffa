namespace AiGateway.Processor.Configuration;

/// <summary>The window streamed text is held in while it is checked (ADR 010).</summary>
internal sealed record GuardrailStreamConfig
{
    /// <summary>Text (characters) held back before a check releases it.</summary>
    public int WindowChars { get; init; } = 1024;

    /// <summary>Text (characters) kept back after each check, so a match split across chunks is still seen whole.</summary>
    public int OverlapChars { get; init; } = 256;

    /// <summary>
    /// The window when a policy's Bedrock guardrail checks the stream (the larger of this and <see cref="WindowChars"/>):
    /// each released window is one ApplyGuardrail call, so a larger window means fewer calls and text units but a
    /// longer hold before the first token (docs/guardrails.md).
    /// </summary>
    public int BedrockWindowChars { get; init; } = 2048;
}
