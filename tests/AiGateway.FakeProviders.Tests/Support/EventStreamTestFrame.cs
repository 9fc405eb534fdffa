using System.Text.Json.Nodes;

namespace AiGateway.FakeProviders.Tests.Support;

internal sealed record EventStreamTestFrame(IReadOnlyDictionary<string, string> Headers, string Payload)
{
    public string? EventType => Headers.GetValueOrDefault(":event-type");

    public JsonNode Json => JsonNode.Parse(Payload)!;
}
