using System.Buffers;
using System.Text;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class TextPartTests
{
    [Theory]
    [InlineData("""{"t":"plain"}""", "plain")]
    [InlineData("""{"t":"a\"b\\c\n\u00e9\ud83d\ude00"}""", "a\"b\\c\né😀")]
    [InlineData("""{"t":"naïve ✓"}""", "naïve ✓")]
    [InlineData("""{"t":""}""", "")]
    public void FromJson_KeepsTokenAndDecodesOnDemand(string json, string expected)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(body.AsMemory());
        var part = TextPart.FromJson(document.RootElement.GetProperty("t"), body);

        Assert.Equal(expected, part.Text);
        Assert.Equal(new TextPart(expected), part);
        Assert.Equal(new TextPart(expected).GetHashCode(), part.GetHashCode());
        Assert.Equal(json, Written(part));
    }

    [Fact]
    public void FromJson_ValueOfAnotherBuffer_ReadAsString()
    {
        var body = Encoding.UTF8.GetBytes("""{"t":"x\u0041"}""");
        using var document = JsonDocument.Parse(body.ToArray().AsMemory());
        var part = TextPart.FromJson(document.RootElement.GetProperty("t"), body);

        Assert.Equal("xA", part.Text);
        Assert.Equal("""{"t":"xA"}""", Written(part));
    }

    [Theory]
    [InlineData("\"\"", true)]
    [InlineData("\" \\t \\n \"", true)]
    [InlineData("\"  \\u00a0 \"", true)]
    [InlineData("\" \u3000 \"", true)]
    [InlineData("\"  x \"", false)]
    [InlineData("\" \\u0078\"", false)]
    [InlineData("\" é\"", false)]
    public void IsBlank_AsStringIsNullOrWhiteSpace(string token, bool blank)
    {
        var body = Encoding.UTF8.GetBytes("{\"t\":" + token + "}");
        using var document = JsonDocument.Parse(body.AsMemory());
        var part = TextPart.FromJson(document.RootElement.GetProperty("t"), body);

        Assert.Equal(blank, part.IsBlank());
        Assert.Equal(string.IsNullOrWhiteSpace(part.Text), part.IsBlank());
    }

    private static string Written(TextPart part)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            part.Write(writer, "t"u8);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
