using System.Text.Json.Serialization;

namespace AiGateway.Processor.Guardrails;

/// <summary>Source-generated JSON for the ApplyGuardrail DTOs (not a hot path; reflection stays off).</summary>
[JsonSerializable(typeof(ApplyGuardrailRequest))]
[JsonSerializable(typeof(ApplyGuardrailResponse))]
[JsonSerializable(typeof(Credentials.AwsJsonError))]
internal sealed partial class GuardrailsJsonContext : JsonSerializerContext;
