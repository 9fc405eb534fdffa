using System.Text.Json.Serialization;

namespace AiGateway.Processor.Identity;

/// <summary>Source-generated JSON for the key file (not a hot path; reflection stays off).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GatewayKeyFileContent))]
internal sealed partial class IdentityJsonContext : JsonSerializerContext;
