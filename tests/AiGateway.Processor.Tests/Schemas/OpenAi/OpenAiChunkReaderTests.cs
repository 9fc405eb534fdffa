using System.Text;
using AiGateway.Processor.Schemas.OpenAi;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Schemas.OpenAi;

public sealed class OpenAiChunkReaderTests
{
    [Fact]
    public void TryRead_OnlyChoiceZero_ToolCallsOfOtherChoicesDropped()
    {
        var json = """{"id":"c","choices":[{"index":1,"delta":{"content":"other","tool_calls":[{"index":0,"id":"x"}]}},{"delta":{"tool_calls":[{"index":1,"id":"call_B","type":"function","function":{"name":"f","arguments":""}}],"content":null},"index":0,"finish_reason":null}],"obfuscation":"abc"}""";
        var calls = new List<OpenAiToolCallDelta>();
        using var scratch = new Utf8Scratch();
        Assert.True(OpenAiChunkReader.TryRead(Encoding.UTF8.GetBytes(json), calls, scratch, readHeader: true, out var fields));
        Assert.Equal(2, fields.ChoiceCount);
        Assert.Equal("c", fields.Id);
        Assert.True(fields.Content.IsEmpty);
        var call = Assert.Single(calls);
        Assert.Equal((1, "call_B", "f", 0), (call.Index, call.Id, call.Name, call.Arguments.Length));
    }

    [Fact]
    public void TryRead_UsageChunk_CachedAndReasoning()
    {
        var json = """{"choices":[],"usage":{"prompt_tokens":120,"completion_tokens":40,"total_tokens":160,"prompt_tokens_details":{"cached_tokens":100,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":7}}}""";
        Assert.True(OpenAiChunkReader.TryRead(Encoding.UTF8.GetBytes(json), [], new Utf8Scratch(), readHeader: true, out var fields));
        Assert.True(fields.HasUsage);
        Assert.Equal(0, fields.ChoiceCount);
        Assert.Equal(new Usage(20, 40, 100, 0, 7), fields.Usage);
    }

    [Fact]
    public void TryRead_LaterChunk_EscapedTextUnescapedAndHeaderSkipped()
    {
        var json = """{"id":"chatcmpl-1","model":"m","choices":[{"index":0,"delta":{"content":"a\"b\u00e9\n"},"finish_reason":null}]}""";
        using var scratch = new Utf8Scratch();
        Assert.True(OpenAiChunkReader.TryRead(Encoding.UTF8.GetBytes(json), [], scratch, readHeader: false, out var fields));
        Assert.Equal((null, null), (fields.Id, fields.Model));
        Assert.Equal("a\"bé\n", Encoding.UTF8.GetString(fields.Content.Span));
    }

    [Theory]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"x""")]
    [InlineData("""{"id":"c",}""")]
    [InlineData("null")]
    public void TryRead_Malformed_False(string json) =>
        Assert.False(OpenAiChunkReader.TryRead(Encoding.UTF8.GetBytes(json), [], new Utf8Scratch(), readHeader: true, out _));
}
