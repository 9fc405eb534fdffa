using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// ApplyGuardrail response (provider-apis.md §5.1). Assessments stay raw JSON: they are only searched for nested
/// <c>action</c> values, and their many optional members would otherwise need a dozen DTOs.
/// </summary>
internal sealed record ApplyGuardrailResponse
{
    [JsonPropertyName("action")]
    public string? Action { get; init; }

    [JsonPropertyName("actionReason")]
    public string? ActionReason { get; init; }

    [JsonPropertyName("outputs")]
    public List<ApplyGuardrailText>? Outputs { get; init; }

    [JsonPropertyName("assessments")]
    public List<JsonElement>? Assessments { get; init; }
}
