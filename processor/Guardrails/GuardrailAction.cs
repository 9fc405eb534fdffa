namespace AiGateway.Processor.Guardrails;

/// <summary>What a rule does when it matches (docs/guardrails.md).</summary>
internal enum GuardrailAction
{
    /// <summary>Record the decision only; the text passes unchanged.</summary>
    Detect,

    /// <summary>Replace the match with a typed placeholder such as <c>[EMAIL]</c>.</summary>
    Mask,

    /// <summary>Refuse the request, or replace the response with the refusal message.</summary>
    Block,
}
