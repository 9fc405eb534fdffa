namespace AiGateway.Processor.Guardrails;

/// <summary>ApplyGuardrail failed (AWS error type or a malformed answer). The message is safe to log: no text, no key.</summary>
internal sealed class BedrockGuardrailException : Exception
{
    public BedrockGuardrailException()
    {
    }

    public BedrockGuardrailException(string errorType)
        : base(errorType)
    {
    }

    public BedrockGuardrailException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
