using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Processor.Schemas.Bedrock;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>
/// Golden Bedrock streams are written as one JSON line per frame (<c>.input.jsonl</c>); this encodes a line as the AWS
/// event-stream frame a provider sends. Also compiled into tests/AiGateway.Benchmarks (a linked file), so the
/// benchmarks read the golden streams exactly as the golden tests do.
/// </summary>
internal static class GoldenStreamFrames
{
    /// <summary>
    /// A line: <c>{"event":"contentBlockDelta","payload":{…}}</c>, <c>{"exception":"throttlingException","payload":{…}}</c>
    /// or <c>{"chunk":{…anthropic event…}}</c> (InvokeModel: payload <c>{"bytes":"&lt;base64&gt;"}</c>, §8).
    /// </summary>
    public static byte[] Encode(string line)
    {
        var output = new ArrayBufferWriter<byte>();
        var node = JsonNode.Parse(line)!.AsObject();
        if (node["chunk"] is { } chunk)
        {
            var bytes = Convert.ToBase64String(Encoding.UTF8.GetBytes(chunk.ToJsonString()));
            AwsEventStreamEncoder.WriteEvent(output, "chunk", Encoding.UTF8.GetBytes($"{{\"bytes\":\"{bytes}\"}}"));
        }
        else if (node["exception"] is { } exception)
        {
            AwsEventStreamEncoder.WriteException(output, exception.GetValue<string>(), Encoding.UTF8.GetBytes(node["payload"]!.ToJsonString()));
        }
        else
        {
            AwsEventStreamEncoder.WriteEvent(output, node["event"]!.GetValue<string>(), Encoding.UTF8.GetBytes(node["payload"]!.ToJsonString()));
        }

        return output.WrittenSpan.ToArray();
    }
}
