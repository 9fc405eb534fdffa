namespace AiGateway.Processor.Guardrails;

/// <summary>Where a rule matched in a scanned text: the rule's index in its scanner, and a character range.</summary>
internal readonly record struct GuardrailMatch(int Rule, int Start, int Length)
{
    public int End => Start + Length;
}
