using System.Text;
using AiGateway.Processor.Schemas.Anthropic;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Schemas.Anthropic;

public sealed class AnthropicEventReaderTests
{
    [Fact]
    public void TryRead_MembersInAnyOrder_UnknownSkipped()
    {
        var json = """{"usage":{"output_tokens":9,"server_tool_use":{"web_search_requests":1},"input_tokens":3,"cache_read_input_tokens":2,"output_tokens_details":{"thinking_tokens":4}},"extra":[1,{"a":2}],"delta":{"stop_sequence":"##","stop_reason":"stop_sequence"},"type":"message_delta"}""";
        Assert.True(AnthropicEventReader.TryRead(Encoding.UTF8.GetBytes(json), new Utf8Scratch(), out var fields));
        Assert.Equal("message_delta", fields.Type);
        Assert.Equal("stop_sequence", fields.StopReason);
        Assert.Equal("##", fields.StopSequence);
        Assert.Equal(new Usage(3, 9, 2, 0, 4), fields.Usage);
    }

    [Fact]
    public void TryRead_ToolUseStart_ReadsIdAndNameNotInput()
    {
        var json = """{"type":"content_block_start","index":4,"content_block":{"input":{"name":"not this"},"type":"tool_use","id":"toolu_9","name":"get"}}""";
        Assert.True(AnthropicEventReader.TryRead(Encoding.UTF8.GetBytes(json), new Utf8Scratch(), out var fields));
        Assert.Equal(4, fields.Index);
        Assert.Equal(("tool_use", "toolu_9", "get"), (fields.BlockType, fields.BlockId, fields.BlockName));
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"unterminated}""")]
    [InlineData("[]")]
    [InlineData("")]
    public void TryRead_Malformed_False(string json) =>
        Assert.False(AnthropicEventReader.TryRead(Encoding.UTF8.GetBytes(json), new Utf8Scratch(), out _));
}
