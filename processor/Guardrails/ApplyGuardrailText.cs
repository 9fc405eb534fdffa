using System.Text.Json.Serialization;

namespace AiGateway.Processor.Guardrails;

/// <summary>A text block's text; also the shape of each entry of the response's <c>outputs</c>.</summary>
internal sealed record ApplyGuardrailText([property: JsonPropertyName("text")] string Text);
