using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>Anthropic Messages response (§2.3) → neutral <see cref="ChatResponse"/>; tool input kept as raw JSON text.</summary>
internal static class AnthropicResponseReader
{
    public static ChatResponse Read(JsonElement root)
    {
        var parts = new List<ContentPart>();
        foreach (var block in JsonValues.Items(JsonValues.Array(root, "content")))
        {
            switch (JsonValues.String(block, "type"))
            {
                case "text":
                    parts.Add(new TextPart(JsonValues.String(block, "text") ?? string.Empty));
                    break;
                case "thinking":
                    parts.Add(new ThinkingPart(JsonValues.String(block, "thinking") ?? string.Empty, JsonValues.String(block, "signature")));
                    break;
                case "redacted_thinking":
                    parts.Add(new RedactedThinkingPart(JsonValues.String(block, "data") ?? string.Empty));
                    break;
                case "tool_use":
                    var input = block.TryGetProperty("input"u8, out var value) ? value.GetRawText() : "{}";
                    parts.Add(new ToolCallPart(JsonValues.String(block, "id") ?? string.Empty, JsonValues.String(block, "name") ?? string.Empty, input));
                    break;
                default:
                    // Server-tool results and other block kinds have no neutral form; a bridged client cannot use them.
                    break;
            }
        }

        return new ChatResponse
        {
            Id = JsonValues.String(root, "id"),
            Model = JsonValues.String(root, "model"),
            Parts = parts,
            FinishReason = AnthropicStopReasons.Parse(JsonValues.String(root, "stop_reason")),
            StopSequence = JsonValues.String(root, "stop_sequence"),
            Usage = AnthropicUsage.Read(JsonValues.Object(root, "usage")),
        };
    }
}
