using System.Text.Json.Nodes;

namespace AiGateway.FakeProviders.Scripting;

/// <summary>The reply when nothing is scripted: echoes the last message's first text back.</summary>
internal static class DefaultReply
{
    public static ScriptedReply Echo(JsonNode? messages)
    {
        var text = LastText(messages as JsonArray);
        return ScriptedReply.Text(text is null ? "Hello from the fake provider." : "echo: " + text);
    }

    private static string? LastText(JsonArray? messages)
    {
        if (messages is not { Count: > 0 } || messages[^1] is not JsonObject last)
        {
            return null;
        }

        return last["content"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonArray parts => parts.OfType<JsonObject>().Select(part => part["text"]).OfType<JsonValue>()
                .Select(value => value.TryGetValue<string>(out var text) ? text : null).FirstOrDefault(text => text is not null),
            _ => null,
        };
    }
}
