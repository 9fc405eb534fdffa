using System.Text;
using AiGateway.Processor.Schemas.OpenAi;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Schemas.OpenAi;

/// <summary>
/// The exact bytes of the frequent delta chunks, which are written from bytes made once per stream: the same as the
/// general chunk writer's (relaxed escaping: quotes and controls escaped, non-ASCII kept, astral characters as
/// surrogate escapes).
/// </summary>
public sealed class OpenAiStreamEncoderTests
{
    private const string Envelope = """data: {"id":"chatcmpl-r\"1","object":"chat.completion.chunk","created":1700000000,"model":"m\u00F6del/\"x\"","choices":[{"index":0,"delta":{""";

    private const string Close = ""","logprobs":null,"finish_reason":null}]}""" + "\n\n";

    [Theory]
    [InlineData("text from UTF-8", "\"content\":\"Hi \\\"there\\\"\\n – ü \\uD83D\\uDE00\"}")]
    [InlineData("text from a string", "\"content\":\"tab\\there\"}")]
    [InlineData("reasoning", "\"reasoning_content\":\"Let me think\"}")]
    [InlineData("tool arguments", "\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Pa\"}}]}")]
    public void Write_Delta_IsTheGeneralWritersBytes(string kind, string member)
    {
        var delta = kind switch
        {
            "text from UTF-8" => new StreamEvent(StreamEventKind.TextDelta) { Utf8Text = Encoding.UTF8.GetBytes("Hi \"there\"\n – ü 😀") },
            "text from a string" => new StreamEvent(StreamEventKind.TextDelta) { Text = "tab\there" },
            "reasoning" => new StreamEvent(StreamEventKind.ThinkingDelta) { Text = "Let me think" },
            _ => new StreamEvent(StreamEventKind.ToolArgumentsDelta) { Index = 3, Text = "{\"city\": \"Pa" },
        };
        using var encoder = new OpenAiStreamEncoder(new ResponseContext("m\u00f6del/\"x\"", "r\"1", 1700000000), includeUsage: false);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        encoder.Write(new StreamEvent(StreamEventKind.BlockStart) { Index = 3, Block = BlockKind.ToolCall, Id = "call_1", Name = "get_weather" }, output);
        var before = output.WrittenCount;

        encoder.Write(delta, output);
        encoder.Write(delta, output);

        var chunk = Envelope.Replace("\\u00F6", "ö", StringComparison.Ordinal) + member + Close;
        Assert.Equal(chunk + chunk, Encoding.UTF8.GetString(output.WrittenSpan[before..]));
    }
}
