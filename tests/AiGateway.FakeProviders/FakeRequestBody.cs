using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiGateway.FakeProviders;

/// <summary>Small checks on received JSON bodies, shared by the provider endpoints.</summary>
internal static class FakeRequestBody
{
    public static JsonObject? ParseObject(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(body.Span) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    public static bool IsInteger(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out _);

    public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>A non-empty array whose items are objects with a string <c>role</c>.</summary>
    public static bool IsMessageList(JsonNode? node) =>
        node is JsonArray { Count: > 0 } messages && messages.All(message => message is JsonObject item && IsString(item["role"]));

    public static string? StringOf(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : null;
}
