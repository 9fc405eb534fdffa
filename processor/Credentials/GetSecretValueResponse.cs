using System.Text.Json.Serialization;

namespace AiGateway.Processor.Credentials;

/// <summary>The parts of the GetSecretValue response we use.</summary>
internal sealed record GetSecretValueResponse(
    [property: JsonPropertyName("SecretString")] string? SecretString,
    [property: JsonPropertyName("SecretBinary")] string? SecretBinary);
