using System.Text;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Scripting;

namespace AiGateway.FakeProviders.Anthropic;

/// <summary>
/// Renders a scripted reply as an Anthropic message or its stream events (shared/reference/provider-apis.md
/// §2.3-2.4). Bedrock InvokeModel reuses both (§8).
/// </summary>
internal static class AnthropicReplyRenderer
{
    public static JsonObject Message(ScriptedReply reply, string model, string id)
    {
        var content = new JsonArray();
        foreach (var block in reply.Content)
        {
            switch (block)
            {
                case ReplyThinking thinking:
                    content.Add(new JsonObject { ["type"] = "thinking", ["thinking"] = thinking.Text, ["signature"] = thinking.Signature });
                    break;
                case ReplyText text:
                    content.Add(new JsonObject { ["type"] = "text", ["text"] = text.Text });
                    break;
                case ReplyToolCall call:
                    content.Add(new JsonObject
                    {
                        ["type"] = "tool_use",
                        ["id"] = call.Id ?? ReplyFragments.NewId("toolu_"),
                        ["name"] = call.Name,
                        ["input"] = JsonNode.Parse(call.ArgumentsJson),
                    });
                    break;
                default:
                    break;
            }
        }

        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = content,
            ["stop_reason"] = StopReason(reply.StopReason),
            ["stop_sequence"] = null,
            ["usage"] = Usage(reply.Usage, reply.Usage.OutputTokens),
        };
    }

    /// <summary>
    /// The event sequence: message_start, optional ping, each block's start/deltas/stop, message_delta with
    /// cumulative usage, message_stop. A thinking block's signature comes as one delta before its stop.
    /// </summary>
    public static IReadOnlyList<JsonObject> Events(ScriptedReply reply, string model, string id, bool withPing)
    {
        var message = Message(reply, model, id);
        message["content"] = new JsonArray();
        message["stop_reason"] = null;
        message["usage"] = Usage(reply.Usage, 1);
        var events = new List<JsonObject> { new() { ["type"] = "message_start", ["message"] = message } };
        if (withPing)
        {
            events.Add(new JsonObject { ["type"] = "ping" });
        }

        for (var index = 0; index < reply.Content.Count; index++)
        {
            switch (reply.Content[index])
            {
                case ReplyThinking thinking:
                    events.Add(Start(index, new JsonObject { ["type"] = "thinking", ["thinking"] = string.Empty, ["signature"] = string.Empty }));
                    events.Add(Delta(index, new JsonObject { ["type"] = "thinking_delta", ["thinking"] = thinking.Text }));
                    events.Add(Delta(index, new JsonObject { ["type"] = "signature_delta", ["signature"] = thinking.Signature }));
                    break;
                case ReplyText text:
                    events.Add(Start(index, new JsonObject { ["type"] = "text", ["text"] = string.Empty }));
                    foreach (var fragment in ReplyFragments.Of(text))
                    {
                        events.Add(Delta(index, new JsonObject { ["type"] = "text_delta", ["text"] = fragment }));
                    }

                    break;
                case ReplyToolCall call:
                    events.Add(Start(index, new JsonObject
                    {
                        ["type"] = "tool_use",
                        ["id"] = call.Id ?? ReplyFragments.NewId("toolu_"),
                        ["name"] = call.Name,
                        ["input"] = new JsonObject(),
                    }));
                    events.Add(Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = string.Empty }));
                    foreach (var fragment in ReplyFragments.OfJson(call.ArgumentsJson))
                    {
                        events.Add(Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = fragment }));
                    }

                    break;
                default:
                    continue;
            }

            events.Add(new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
        }

        events.Add(new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(reply.StopReason), ["stop_sequence"] = null },
            ["usage"] = Usage(reply.Usage, reply.Usage.OutputTokens),
        });
        events.Add(new JsonObject { ["type"] = "message_stop" });
        return events;
    }

    public static byte[] Sse(JsonObject streamEvent) =>
        Encoding.UTF8.GetBytes($"event: {streamEvent["type"]!.GetValue<string>()}\ndata: {streamEvent.ToJsonString()}\n\n");

    public static string StopReason(ReplyStopReason reason) => reason switch
    {
        ReplyStopReason.MaxTokens => "max_tokens",
        ReplyStopReason.ToolUse => "tool_use",
        ReplyStopReason.StopSequence => "stop_sequence",
        _ => "end_turn",
    };

    /// <summary>input_tokens excludes cache reads and writes (§2.3).</summary>
    private static JsonObject Usage(ReplyUsage usage, int outputTokens) => new()
    {
        ["input_tokens"] = usage.InputTokens,
        ["cache_creation_input_tokens"] = usage.CacheWriteTokens,
        ["cache_read_input_tokens"] = usage.CacheReadTokens,
        ["output_tokens"] = outputTokens,
    };

    private static JsonObject Start(int index, JsonObject block) => new() { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = block };

    private static JsonObject Delta(int index, JsonObject delta) => new() { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta };
}
