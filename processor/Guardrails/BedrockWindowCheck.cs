namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Checks one released stream window with a policy's Bedrock guardrail (ApplyGuardrail, source OUTPUT): the verdict,
/// or null when the guardrail failed and the policy fails closed (<see cref="BedrockGuardrailGate.CheckAsync"/>).
/// </summary>
internal delegate Task<BedrockGuardrailVerdict?> BedrockWindowCheck(GuardrailPolicy policy, string text, CancellationToken cancellationToken);
