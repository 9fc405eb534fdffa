using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// OpenAI chat completion (§1.3) → neutral <see cref="ChatResponse"/>. Only choice 0 is read (bridged requests never ask
/// for more). Non-standard <c>reasoning_content</c> / <c>thinking_blocks</c> of OpenAI-compatible servers become thinking parts.
/// </summary>
internal static class OpenAiResponseReader
{
    public static ChatResponse Read(JsonElement root)
    {
        var parts = new List<ContentPart>();
        FinishReason? finish = null;
        foreach (var choice in JsonValues.Items(JsonValues.Array(root, "choices")))
        {
            var message = JsonValues.Object(choice, "message");
            var blocks = JsonValues.Array(message, "thinking_blocks");
            if (blocks.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in blocks.EnumerateArray())
                {
                    parts.Add(JsonValues.String(block, "type") == "redacted_thinking"
                        ? new RedactedThinkingPart(JsonValues.String(block, "data") ?? string.Empty)
                        : new ThinkingPart(JsonValues.String(block, "thinking") ?? string.Empty, JsonValues.String(block, "signature")));
                }
            }
            else if (JsonValues.String(message, "reasoning_content") is { Length: > 0 } reasoning)
            {
                parts.Add(new ThinkingPart(reasoning, null));
            }

            if (JsonValues.String(message, "content") is { Length: > 0 } content)
            {
                parts.Add(new TextPart(content));
            }

            if (JsonValues.String(message, "refusal") is { Length: > 0 } refusal)
            {
                parts.Add(new TextPart(refusal));
            }

            foreach (var call in JsonValues.Items(JsonValues.Array(message, "tool_calls")))
            {
                var function = JsonValues.Object(call, "function");
                parts.Add(new ToolCallPart(JsonValues.String(call, "id") ?? string.Empty, JsonValues.String(function, "name") ?? string.Empty, JsonValues.String(function, "arguments") ?? string.Empty));
            }

            finish = OpenAiFinishReasons.Parse(JsonValues.String(choice, "finish_reason"));
            break;
        }

        return new ChatResponse
        {
            Id = JsonValues.String(root, "id"),
            Model = JsonValues.String(root, "model"),
            Parts = parts,
            FinishReason = finish,
            Usage = OpenAiUsage.Read(JsonValues.Object(root, "usage")),
        };
    }
}
