using System.Text.Json.Serialization;

namespace AiGateway.Processor.Credentials;

/// <summary>Source-generated JSON for the AWS DTOs (not a hot path; reflection stays off).</summary>
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(GetSecretValueResponse))]
[JsonSerializable(typeof(AwsJsonError))]
internal sealed partial class CredentialsJsonContext : JsonSerializerContext;
