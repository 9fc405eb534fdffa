using System.Text.Json.Serialization;

namespace AiGateway.Processor.Credentials;

/// <summary>Secrets Manager GetSecretValue request body (provider-apis.md §6.4).</summary>
internal sealed record GetSecretValueRequest([property: JsonPropertyName("SecretId")] string SecretId);
