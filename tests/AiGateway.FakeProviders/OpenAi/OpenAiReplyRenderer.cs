using System.Text;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Scripting;

namespace AiGateway.FakeProviders.OpenAi;

/// <summary>
/// Renders a scripted reply as an OpenAI chat completion or chunk stream (shared/reference/provider-apis.md
/// §1.3-1.4). Thinking goes to the common non-standard <c>reasoning_content</c> (§7.7).
/// </summary>
internal static class OpenAiReplyRenderer
{
    public static string Completion(ScriptedReply reply, string model, string id, long created)
    {
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        var toolCalls = new JsonArray();
        foreach (var block in reply.Content)
        {
            switch (block)
            {
                case ReplyText t:
                    text.Append(t.Text);
                    break;
                case ReplyThinking thinking:
                    reasoning.Append(thinking.Text);
                    break;
                case ReplyToolCall call:
                    toolCalls.Add(new JsonObject
                    {
                        ["id"] = call.Id ?? ReplyFragments.NewId("call_"),
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsJson },
                    });
                    break;
                default:
                    break;
            }
        }

        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = text.Length > 0 || toolCalls.Count == 0 ? text.ToString() : null,
            ["refusal"] = null,
        };
        if (reasoning.Length > 0)
        {
            message["reasoning_content"] = reasoning.ToString();
        }

        if (toolCalls.Count > 0)
        {
            message["tool_calls"] = toolCalls;
        }

        var completion = Envelope("chat.completion", id, model, created);
        completion["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = message,
            ["logprobs"] = null,
            ["finish_reason"] = FinishReason(reply.StopReason),
        });
        completion["usage"] = Usage(reply.Usage);
        return completion.ToJsonString();
    }

    /// <summary>One SSE event per chunk; usage chunk only when asked for, then <c>[DONE]</c>.</summary>
    public static IReadOnlyList<byte[]> Stream(ScriptedReply reply, string model, string id, long created, bool includeUsage)
    {
        var chunks = new List<byte[]>();
        void Add(JsonObject delta, string? finishReason = null)
        {
            var chunk = Envelope("chat.completion.chunk", id, model, created);
            chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason });
            if (includeUsage)
            {
                chunk["usage"] = null;
            }

            chunks.Add(Sse(chunk.ToJsonString()));
        }

        Add(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty, ["refusal"] = null });
        var toolIndex = 0;
        foreach (var block in reply.Content)
        {
            switch (block)
            {
                case ReplyText text:
                    foreach (var fragment in ReplyFragments.Of(text))
                    {
                        Add(new JsonObject { ["content"] = fragment });
                    }

                    break;
                case ReplyThinking thinking:
                    Add(new JsonObject { ["reasoning_content"] = thinking.Text });
                    break;
                case ReplyToolCall call:
                    Add(new JsonObject
                    {
                        ["tool_calls"] = new JsonArray(new JsonObject
                        {
                            ["index"] = toolIndex,
                            ["id"] = call.Id ?? ReplyFragments.NewId("call_"),
                            ["type"] = "function",
                            ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = string.Empty },
                        }),
                    });
                    foreach (var fragment in ReplyFragments.OfJson(call.ArgumentsJson))
                    {
                        Add(new JsonObject
                        {
                            ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = toolIndex, ["function"] = new JsonObject { ["arguments"] = fragment } }),
                        });
                    }

                    toolIndex++;
                    break;
                default:
                    break;
            }
        }

        Add([], FinishReason(reply.StopReason));
        if (includeUsage)
        {
            var usageChunk = Envelope("chat.completion.chunk", id, model, created);
            usageChunk["choices"] = new JsonArray();
            usageChunk["usage"] = Usage(reply.Usage);
            chunks.Add(Sse(usageChunk.ToJsonString()));
        }

        chunks.Add(Sse("[DONE]"));
        return chunks;
    }

    /// <summary>prompt_tokens includes cache reads and writes; completion_tokens includes reasoning (§1.3, §7.6).</summary>
    public static JsonObject Usage(ReplyUsage usage) => new()
    {
        ["prompt_tokens"] = usage.TotalInputTokens,
        ["completion_tokens"] = usage.OutputTokens,
        ["total_tokens"] = usage.TotalInputTokens + usage.OutputTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CacheReadTokens, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningTokens, ["audio_tokens"] = 0 },
    };

    public static string FinishReason(ReplyStopReason reason) => reason switch
    {
        ReplyStopReason.MaxTokens => "length",
        ReplyStopReason.ToolUse => "tool_calls",
        _ => "stop",
    };

    private static JsonObject Envelope(string kind, string id, string model, long created) => new()
    {
        ["id"] = id,
        ["object"] = kind,
        ["created"] = created,
        ["model"] = model,
        ["system_fingerprint"] = "fp_fake",
    };

    private static byte[] Sse(string data) => Encoding.UTF8.GetBytes($"data: {data}\n\n");
}
