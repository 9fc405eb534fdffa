using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Scripting;

namespace AiGateway.FakeProviders.Control;

/// <summary>
/// Reads scripted replies from JSON, for tests outside .NET that script the fake over HTTP:
/// <code>
/// {"provider":"bedrock"|"openai"|"azure-openai"|"anthropic", "model"?: "...",
///  "replies":[{"content":[{"text":"..","fragments"?:[..]}, {"toolCall":{"name","arguments":{..},"id"?}}, {"thinking":{"text","signature"}}],
///              "usage"?:{"inputTokens","outputTokens","cacheReadTokens","cacheWriteTokens","reasoningTokens"},
///              "stopReason"?:"end_turn"|"max_tokens"|"tool_use"|"stop_sequence",
///              "fault"?:{"status","errorType","message","retryAfterSeconds","delayBeforeHeadersMs","resetBeforeHeaders",
///                        "cutAfterChunks","corruptFrameAt","streamErrorAfterChunks","delayBetweenChunksMs"}}]}
/// </code>
/// </summary>
internal static class ScriptedReplyJson
{
    public static FakeProvider? Provider(string? name) => name switch
    {
        "openai" => FakeProvider.OpenAi,
        "azure-openai" => FakeProvider.AzureOpenAi,
        "anthropic" => FakeProvider.Anthropic,
        "bedrock" => FakeProvider.Bedrock,
        _ => null,
    };

    public static ScriptedReply Reply(JsonObject json)
    {
        var content = new List<ReplyBlock>();
        foreach (var block in json["content"]?.AsArray() ?? [])
        {
            content.Add(Block(block!.AsObject()));
        }

        var reply = new ScriptedReply { Content = content, StopReason = StopReason(FakeRequestBody.StringOf(json["stopReason"])), Fault = Fault(json["fault"] as JsonObject) };
        return json["usage"] is JsonObject usage
            ? reply with { Usage = new ReplyUsage(Int(usage, "inputTokens") ?? 0, Int(usage, "outputTokens") ?? 0, Int(usage, "cacheReadTokens") ?? 0, Int(usage, "cacheWriteTokens") ?? 0, Int(usage, "reasoningTokens") ?? 0) }
            : reply;
    }

    private static ReplyBlock Block(JsonObject block)
    {
        if (block["toolCall"] is JsonObject call)
        {
            var arguments = call["arguments"];
            var json = FakeRequestBody.StringOf(arguments) ?? arguments?.ToJsonString() ?? "{}";
            return new ReplyToolCall(FakeRequestBody.StringOf(call["name"]) ?? "tool", json, FakeRequestBody.StringOf(call["id"]));
        }

        if (block["thinking"] is JsonObject thinking)
        {
            return new ReplyThinking(FakeRequestBody.StringOf(thinking["text"]) ?? string.Empty, FakeRequestBody.StringOf(thinking["signature"]) ?? string.Empty);
        }

        var text = FakeRequestBody.StringOf(block["text"]) ?? string.Empty;
        return block["fragments"] is JsonArray fragments
            ? ReplyText.FromFragments([.. fragments.Select(fragment => fragment!.GetValue<string>())])
            : new ReplyText(text);
    }

    private static ReplyStopReason StopReason(string? value) => value switch
    {
        "max_tokens" => ReplyStopReason.MaxTokens,
        "tool_use" => ReplyStopReason.ToolUse,
        "stop_sequence" => ReplyStopReason.StopSequence,
        _ => ReplyStopReason.EndTurn,
    };

    private static ReplyFault? Fault(JsonObject? fault) => fault is null ? null : new ReplyFault
    {
        Status = Int(fault, "status"),
        ErrorType = FakeRequestBody.StringOf(fault["errorType"]),
        Message = FakeRequestBody.StringOf(fault["message"]),
        RetryAfter = Int(fault, "retryAfterSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        DelayBeforeHeaders = TimeSpan.FromMilliseconds(Int(fault, "delayBeforeHeadersMs") ?? 0),
        ResetBeforeHeaders = FakeRequestBody.IsTrue(fault["resetBeforeHeaders"]),
        CutAfterChunks = Int(fault, "cutAfterChunks"),
        CorruptFrameAt = Int(fault, "corruptFrameAt"),
        StreamErrorAfterChunks = Int(fault, "streamErrorAfterChunks"),
        DelayBetweenChunks = TimeSpan.FromMilliseconds(Int(fault, "delayBetweenChunksMs") ?? 0),
    };

    private static int? Int(JsonObject json, string name) => FakeRequestBody.IsInteger(json[name]) ? json[name]!.GetValue<int>() : null;
}
