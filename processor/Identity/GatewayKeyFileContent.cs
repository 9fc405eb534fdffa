using System.Text.Json.Serialization;

namespace AiGateway.Processor.Identity;

/// <summary>The key file: written by <c>aigw keys</c>, read (and hot-reloaded) by the processor.</summary>
internal sealed record GatewayKeyFileContent
{
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    [JsonPropertyName("keys")]
    public List<GatewayKeyRecord> Keys { get; init; } = [];
}
