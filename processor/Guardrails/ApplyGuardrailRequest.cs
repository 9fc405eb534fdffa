using System.Text.Json.Serialization;

namespace AiGateway.Processor.Guardrails;

/// <summary>ApplyGuardrail request body: <c>source</c> INPUT or OUTPUT and the text blocks (provider-apis.md §5.1).</summary>
internal sealed record ApplyGuardrailRequest(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("content")] IReadOnlyList<ApplyGuardrailContent> Content);
