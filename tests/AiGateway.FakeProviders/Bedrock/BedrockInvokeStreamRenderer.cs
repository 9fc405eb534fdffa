using System.Text;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Anthropic;
using AiGateway.FakeProviders.EventStream;
using AiGateway.FakeProviders.Scripting;

namespace AiGateway.FakeProviders.Bedrock;

/// <summary>
/// InvokeModelWithResponseStream with an Anthropic body: each Anthropic stream event becomes one
/// <c>chunk</c> frame whose payload is <c>{"bytes":"&lt;base64 of the event JSON&gt;"}</c>; message_stop
/// carries <c>amazon-bedrock-invocationMetrics</c> (shared/reference/provider-apis.md §8).
/// </summary>
internal static class BedrockInvokeStreamRenderer
{
    public static IReadOnlyList<byte[]> Stream(ScriptedReply reply, string model, string id)
    {
        var frames = new List<byte[]>();
        foreach (var streamEvent in AnthropicReplyRenderer.Events(reply, model, id, withPing: false))
        {
            if (streamEvent["type"]!.GetValue<string>() == "message_stop")
            {
                streamEvent["amazon-bedrock-invocationMetrics"] = new JsonObject
                {
                    ["inputTokenCount"] = reply.Usage.InputTokens,
                    ["outputTokenCount"] = reply.Usage.OutputTokens,
                    ["invocationLatency"] = 42,
                    ["firstByteLatency"] = 21,
                };
            }

            var bytes = Convert.ToBase64String(Encoding.UTF8.GetBytes(streamEvent.ToJsonString()));
            frames.Add(AwsEventStreamEncoder.EncodeEvent("chunk", new JsonObject { ["bytes"] = bytes }.ToJsonString()));
        }

        return frames;
    }
}
