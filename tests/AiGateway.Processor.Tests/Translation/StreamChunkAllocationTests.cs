using System.Buffers;
using System.Text;
using AiGateway.Processor.Schemas.Bedrock;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>
/// Issue 11: once a stream is under way, a text delta allocates nothing beyond the outgoing bytes (written here into a
/// reused buffer), for every provider × client pair. Counted with the thread's allocation counter, which is exact.
/// </summary>
public sealed class StreamChunkAllocationTests
{
    private const string OpenAiStart = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    private const string OpenAiDelta = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello \\\"w\\u00f6rld\\\"\"},\"finish_reason\":null}]}\n\n";
    private const string AnthropicStartMessage = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}";
    private const string AnthropicStartBlock = "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    private const string AnthropicDelta = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello \\\"w\\u00f6rld\\\"\"}}";

    public static TheoryData<string, string> Pairs => new()
    {
        { "OpenAi", "OpenAi" },
        { "OpenAi", "Anthropic" },
        { "OpenAi", "BedrockConverse" },
        { "OpenAi", "BedrockInvoke" },
        { "Anthropic", "Anthropic" },
        { "Anthropic", "OpenAi" },
        { "Anthropic", "BedrockConverse" },
        { "Anthropic", "BedrockInvoke" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void TextDelta_MidStream_AllocatesNothing(string clientName, string providerName)
    {
        var client = Enum.Parse<ApiSchema>(clientName);
        var provider = Enum.Parse<ApiSchema>(providerName);
        var (start, delta) = Events(provider);
        var request = new ParsedRequest(client, ReadOnlyMemory<byte>.Empty, new ChatRequest { Model = "public-model", Stream = true, IncludeUsage = true });
        using var translator = ExchangeTranslators.For(client, provider).CreateResponseTranslator(request, new ResponseContext("public-model", "req-1", 1700000000));
        using var output = new PooledBufferWriter(64 * 1024);
        foreach (var providerEvent in start)
        {
            translator.TranslateStream(providerEvent, endOfStream: false, output);
        }

        for (var i = 0; i < 20; i++)
        {
            output.Clear();
            translator.TranslateStream(delta, endOfStream: false, output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            output.Clear();
            translator.TranslateStream(delta, endOfStream: false, output);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Null(translator.StreamError);
        Assert.Equal(0, allocated);

        // Passthrough forwards the provider's escapes as they are; translation writes the text unescaped.
        var written = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.True(written.Contains("Hello \\\"w\u00f6rld", StringComparison.Ordinal) || written.Contains("Hello \\\"w\\u00f6rld", StringComparison.Ordinal), written);
    }

    private static (byte[][] Start, byte[] Delta) Events(ApiSchema provider) => provider switch
    {
        ApiSchema.OpenAi => ([Encoding.UTF8.GetBytes(OpenAiStart)], Encoding.UTF8.GetBytes(OpenAiDelta)),
        ApiSchema.Anthropic => ([Sse("message_start", AnthropicStartMessage), Sse("content_block_start", AnthropicStartBlock)], Sse("content_block_delta", AnthropicDelta)),
        ApiSchema.BedrockConverse => (
            [Frame("messageStart", "{\"role\":\"assistant\",\"p\":\"abc\"}")],
            Frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello \\\"w\\u00f6rld\\\"\"},\"p\":\"abcdef\"}")),
        _ => ([InvokeChunk(AnthropicStartMessage), InvokeChunk(AnthropicStartBlock)], InvokeChunk(AnthropicDelta)),
    };

    private static byte[] Sse(string name, string json) => Encoding.UTF8.GetBytes($"event: {name}\ndata: {json}\n\n");

    private static byte[] Frame(string eventType, string payload)
    {
        var output = new ArrayBufferWriter<byte>();
        AwsEventStreamEncoder.WriteEvent(output, eventType, Encoding.UTF8.GetBytes(payload));
        return output.WrittenSpan.ToArray();
    }

    private static byte[] InvokeChunk(string json) =>
        Frame("chunk", $"{{\"bytes\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(json))}\"}}");
}
