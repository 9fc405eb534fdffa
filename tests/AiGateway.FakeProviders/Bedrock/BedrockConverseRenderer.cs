using System.Text.Json.Nodes;
using AiGateway.FakeProviders.EventStream;
using AiGateway.FakeProviders.Scripting;

namespace AiGateway.FakeProviders.Bedrock;

/// <summary>
/// Renders a scripted reply as a Converse response or ConverseStream frames (shared/reference/provider-apis.md
/// §3.3, §3.5): text and reasoning blocks get no contentBlockStart, tool blocks do; usage comes last in
/// <c>metadata</c> after <c>messageStop</c>.
/// </summary>
internal static class BedrockConverseRenderer
{
    public static string Response(ScriptedReply reply)
    {
        var content = new JsonArray();
        foreach (var block in reply.Content)
        {
            switch (block)
            {
                case ReplyThinking thinking:
                    content.Add(new JsonObject
                    {
                        ["reasoningContent"] = new JsonObject { ["reasoningText"] = new JsonObject { ["text"] = thinking.Text, ["signature"] = thinking.Signature } },
                    });
                    break;
                case ReplyText text:
                    content.Add(new JsonObject { ["text"] = text.Text });
                    break;
                case ReplyToolCall call:
                    content.Add(new JsonObject
                    {
                        ["toolUse"] = new JsonObject { ["toolUseId"] = call.Id ?? ReplyFragments.NewId("tooluse_"), ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) },
                    });
                    break;
                default:
                    break;
            }
        }

        var response = new JsonObject
        {
            ["output"] = new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content } },
            ["stopReason"] = AnthropicStopReason(reply.StopReason),
            ["usage"] = Usage(reply.Usage),
            ["metrics"] = new JsonObject { ["latencyMs"] = 42 },
        };
        return response.ToJsonString();
    }

    public static IReadOnlyList<byte[]> Stream(ScriptedReply reply)
    {
        var frames = new List<byte[]> { Frame("messageStart", new JsonObject { ["role"] = "assistant" }) };
        for (var index = 0; index < reply.Content.Count; index++)
        {
            switch (reply.Content[index])
            {
                case ReplyThinking thinking:
                    frames.Add(Delta(index, new JsonObject { ["reasoningContent"] = new JsonObject { ["text"] = thinking.Text } }));
                    frames.Add(Delta(index, new JsonObject { ["reasoningContent"] = new JsonObject { ["signature"] = thinking.Signature } }));
                    break;
                case ReplyText text:
                    foreach (var fragment in ReplyFragments.Of(text))
                    {
                        frames.Add(Delta(index, new JsonObject { ["text"] = fragment }));
                    }

                    break;
                case ReplyToolCall call:
                    frames.Add(Frame("contentBlockStart", new JsonObject
                    {
                        ["contentBlockIndex"] = index,
                        ["start"] = new JsonObject { ["toolUse"] = new JsonObject { ["toolUseId"] = call.Id ?? ReplyFragments.NewId("tooluse_"), ["name"] = call.Name } },
                    }));
                    foreach (var fragment in ReplyFragments.OfJson(call.ArgumentsJson))
                    {
                        frames.Add(Delta(index, new JsonObject { ["toolUse"] = new JsonObject { ["input"] = fragment } }));
                    }

                    break;
                default:
                    continue;
            }

            frames.Add(Frame("contentBlockStop", new JsonObject { ["contentBlockIndex"] = index }));
        }

        frames.Add(Frame("messageStop", new JsonObject { ["stopReason"] = AnthropicStopReason(reply.StopReason) }));
        frames.Add(Frame("metadata", new JsonObject { ["usage"] = Usage(reply.Usage), ["metrics"] = new JsonObject { ["latencyMs"] = 42 } }));
        return frames;
    }

    /// <summary>inputTokens excludes cache reads and writes, totalTokens includes them (§3.3).</summary>
    public static JsonObject Usage(ReplyUsage usage) => new()
    {
        ["inputTokens"] = usage.InputTokens,
        ["outputTokens"] = usage.OutputTokens,
        ["totalTokens"] = usage.TotalInputTokens + usage.OutputTokens,
        ["cacheReadInputTokens"] = usage.CacheReadTokens,
        ["cacheWriteInputTokens"] = usage.CacheWriteTokens,
    };

    private static string AnthropicStopReason(ReplyStopReason reason) => reason switch
    {
        ReplyStopReason.MaxTokens => "max_tokens",
        ReplyStopReason.ToolUse => "tool_use",
        ReplyStopReason.StopSequence => "stop_sequence",
        _ => "end_turn",
    };

    private static byte[] Delta(int index, JsonObject delta) =>
        Frame("contentBlockDelta", new JsonObject { ["contentBlockIndex"] = index, ["delta"] = delta });

    private static byte[] Frame(string eventType, JsonObject payload) => AwsEventStreamEncoder.EncodeEvent(eventType, payload.ToJsonString());
}
