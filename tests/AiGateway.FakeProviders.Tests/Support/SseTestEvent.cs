using System.Text.Json.Nodes;

namespace AiGateway.FakeProviders.Tests.Support;

internal sealed record SseTestEvent(string? Name, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;
}
