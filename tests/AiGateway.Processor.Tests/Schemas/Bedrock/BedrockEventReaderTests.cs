using System.Text;
using AiGateway.Processor.Schemas.Bedrock;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Schemas.Bedrock;

public sealed class BedrockEventReaderTests
{
    [Fact]
    public void TryRead_Metadata_PaddingAndUnknownSkipped()
    {
        var json = """{"metrics":{"latencyMs":1},"p":"abcdefgh","additionalModelResponseFields":null,"usage":{"inputTokens":386,"outputTokens":75,"totalTokens":461,"cacheWriteInputTokens":5,"cacheDetails":[{"ttl":"1h","inputTokens":5}]}}""";
        Assert.True(BedrockEventReader.TryRead(Encoding.UTF8.GetBytes(json), new Utf8Scratch(), out var fields));
        Assert.True(fields.HasUsage);
        Assert.Equal(new Usage(386, 75, 0, 5, 0), fields.Usage);
    }

    [Theory]
    [InlineData("""{"contentBlockIndex":2,"delta":{"toolUse":{"input":"{\"x\": 7}"}},"p":"abc"}""", "ToolInput", "{\"x\": 7}")]
    [InlineData("""{"delta":{"reasoningContent":{"signature":"sig=="}},"contentBlockIndex":2}""", "ReasoningSignature", "sig==")]
    [InlineData("""{"contentBlockIndex":2,"delta":{"reasoningContent":{"redactedContent":"RED"}}}""", "RedactedContent", "RED")]
    [InlineData("""{"contentBlockIndex":2,"delta":{"toolUse":"not an object","text":"t"}}""", "Text", "t")]
    public void TryRead_Delta_KindAndValue(string json, string kind, string value)
    {
        Assert.True(BedrockEventReader.TryRead(Encoding.UTF8.GetBytes(json), new Utf8Scratch(), out var fields));
        Assert.Equal(2, fields.Index);
        Assert.Equal(kind, fields.DeltaKind.ToString());
        Assert.Equal(value, Encoding.UTF8.GetString(fields.DeltaValue.Span));
    }

    [Fact]
    public void TryRead_ToolUseStart()
    {
        var json = """{"contentBlockIndex":1,"p":"x","start":{"toolUse":{"name":"cosine","toolUseId":"tooluse_Q","type":"server_tool_use"}}}""";
        Assert.True(BedrockEventReader.TryRead(Encoding.UTF8.GetBytes(json), new Utf8Scratch(), out var fields));
        Assert.True(fields.StartsToolUse);
        Assert.Equal(("tooluse_Q", "cosine"), (fields.ToolUseId, fields.ToolName));
    }
}
