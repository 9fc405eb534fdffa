using System.Text.Json.Serialization;

namespace AiGateway.Processor.Guardrails;

/// <summary>One content block, <c>{"text":{"text":"…"}}</c> (images are never sent: guardrails check text only).</summary>
internal sealed record ApplyGuardrailContent([property: JsonPropertyName("text")] ApplyGuardrailText Text);
