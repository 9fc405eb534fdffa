using System.Text.Json;
using AiGateway.Processor.Schemas.OpenAi;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Schemas.OpenAi;

public sealed class OpenAiResponseWriterTests
{
    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "Hello" }, "Hello")]
    [InlineData(new[] { "Hel", "lo ", "there" }, "Hello there")]
    [InlineData(new[] { "", "x" }, "x")]
    public void Write_TextParts_JoinedIntoContent(string[] texts, string expected)
    {
        var response = new ChatResponse { Parts = [.. texts.Select(t => (ContentPart)new TextPart(t))] };

        using var json = Write(response);

        Assert.Equal(expected, json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public void Write_ThinkingPartsAroundText_ReasoningJoinedApart()
    {
        var response = new ChatResponse { Parts = [new ThinkingPart("First, ", "sig-1"), new TextPart("Answer"), new ThinkingPart("then.", "sig-2")] };

        using var json = Write(response);

        var message = json.RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal("Answer", message.GetProperty("content").GetString());
        Assert.Equal("First, then.", message.GetProperty("reasoning_content").GetString());
    }

    private static JsonDocument Write(ChatResponse response)
    {
        var output = new PooledBufferWriter();
        OpenAiResponseWriter.Write(response, new ResponseContext("public-model", "req-1", 1700000000), output);
        return JsonDocument.Parse(output.WrittenMemory);
    }
}
