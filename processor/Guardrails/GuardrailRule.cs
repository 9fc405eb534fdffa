namespace AiGateway.Processor.Guardrails;

/// <summary>A compiled rule of a policy: what finds the text, what to do with it, and which directions it checks.</summary>
internal sealed record GuardrailRule(string Name, ITextDetector Detector, GuardrailAction Action, string Placeholder, bool OnRequest, bool OnResponse)
{
    public bool Applies(GuardrailDirection direction) => direction == GuardrailDirection.Request ? OnRequest : OnResponse;
}
