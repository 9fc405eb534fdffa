namespace AiGateway.Processor.Guardrails;

/// <summary>
/// One rule that fired on an exchange, for records and metrics. Deliberately without the matched text: decisions are
/// written to usage records and telemetry, which must never hold prompt or completion content.
/// </summary>
internal sealed record GuardrailDecision(string Policy, string Rule, GuardrailAction Action, GuardrailDirection Direction);
