using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>Bedrock ConverseResponse (§3.3) → neutral <see cref="ChatResponse"/>; no id or model on the wire (the context supplies them).</summary>
internal static class BedrockConverseResponseReader
{
    /// <summary>Null when the body has no <c>output.message</c> (seen in the wild, §3.4): the caller answers 502.</summary>
    public static ChatResponse? Read(JsonElement root)
    {
        var message = JsonValues.Object(JsonValues.Object(root, "output"), "message");
        if (message.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new List<ContentPart>();
        foreach (var block in JsonValues.Items(JsonValues.Array(message, "content")))
        {
            if (JsonValues.String(block, "text") is { } text)
            {
                parts.Add(new TextPart(text));
            }
            else if (JsonValues.Object(block, "toolUse") is { ValueKind: JsonValueKind.Object } toolUse)
            {
                var input = toolUse.TryGetProperty("input"u8, out var value) ? value.GetRawText() : "{}";
                parts.Add(new ToolCallPart(JsonValues.String(toolUse, "toolUseId") ?? string.Empty, JsonValues.String(toolUse, "name") ?? string.Empty, input));
            }
            else if (JsonValues.Object(block, "reasoningContent") is { ValueKind: JsonValueKind.Object } reasoning)
            {
                if (JsonValues.String(reasoning, "redactedContent") is { } redacted)
                {
                    parts.Add(new RedactedThinkingPart(redacted));
                }
                else
                {
                    var reasoningText = JsonValues.Object(reasoning, "reasoningText");
                    parts.Add(new ThinkingPart(JsonValues.String(reasoningText, "text") ?? string.Empty, JsonValues.String(reasoningText, "signature")));
                }
            }
        }

        return new ChatResponse
        {
            Parts = parts,
            FinishReason = BedrockStopReasons.Parse(JsonValues.String(root, "stopReason")),
            StopSequence = JsonValues.String(JsonValues.Object(root, "additionalModelResponseFields"), "stop_sequence"),
            Usage = BedrockUsage.Read(JsonValues.Object(root, "usage")),
        };
    }
}
