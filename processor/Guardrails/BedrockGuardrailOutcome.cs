namespace AiGateway.Processor.Guardrails;

/// <summary>What an ApplyGuardrail answer means for the checked text.</summary>
internal enum BedrockGuardrailOutcome
{
    /// <summary><c>action: NONE</c>: pass.</summary>
    None,

    /// <summary>Intervened with a nested <c>BLOCKED</c> (or no action anywhere, e.g. automated reasoning): refuse.</summary>
    Blocked,

    /// <summary>Intervened with only <c>ANONYMIZED</c>: replace the text with the returned outputs.</summary>
    Anonymized,
}
