using System.Text.Json.Serialization;

namespace AiGateway.Processor.Credentials;

/// <summary>An AWS JSON-protocol error body: <c>__type</c> (maybe <c>namespace#Name</c>) and <c>message</c> or <c>Message</c>.</summary>
internal sealed record AwsJsonError(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("Message")] string? MessageUpper);
