using System.Text;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class ToolResultPartTests
{
    [Fact]
    public void FromJson_EscapedId_EqualsItsStringBuiltTwin()
    {
        var body = Encoding.UTF8.GetBytes("""{"tool_use_id":"a\u0041\"1"}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var content = new PartList(new TextPart("sunny"));
        var part = ToolResultPart.FromJson(document.RootElement.GetProperty("tool_use_id"), content, isError: true, body);
        var twin = new ToolResultPart("aA\"1", content, isError: true);

        Assert.Equal("\"a\\u0041\\\"1\"", Encoding.UTF8.GetString(part.ToolCallIdToken));
        Assert.Equal(twin, part);
        Assert.Equal(twin.GetHashCode(), part.GetHashCode());
        Assert.Equal("aA\"1", part.ToolCallId);
        Assert.Equal(twin.ToolCallIdLength, part.ToolCallIdLength);
        var (id, parts, isError) = part;
        Assert.Equal(("aA\"1", content, true), (id, parts, isError));
    }

    [Theory]
    [InlineData("call_1", "call_1")]
    [InlineData("", "")]
    [InlineData("\\u00e9t\u00e9", "été")]
    [InlineData("\u00e9t\u00e9", "été")]
    public void ToolCallIdLength_IsTheLengthOfTheString(string json, string id)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"id":"{{json}}"}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var part = ToolResultPart.FromJson(document.RootElement.GetProperty("id"), default, isError: false, body);

        Assert.False(part.ToolCallIdToken.IsEmpty);
        Assert.Equal(id.Length, part.ToolCallIdLength);
        Assert.Equal(id, part.ToolCallId);
    }

    [Fact]
    public void Equality_DiffersByIdContentErrorAndCache()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"t1"}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var content = new PartList(new TextPart("sunny"));
        var part = ToolResultPart.FromJson(document.RootElement.GetProperty("id"), content, isError: false, body);

        Assert.Equal(new ToolResultPart("t1", new PartList(new TextPart("sunny")), isError: false), part);
        Assert.NotEqual(new ToolResultPart("t2", content, isError: false), part);
        Assert.NotEqual(new ToolResultPart("t1", new PartList(new TextPart("rain")), isError: false), part);
        Assert.NotEqual(new ToolResultPart("t1", content, isError: true), part);
        Assert.NotEqual(part with { Cache = CacheControl.ProviderDefault }, part);
    }

    [Fact]
    public void WithToolCallId_ReplacesTheSlice()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"t1"}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var content = new PartList(new TextPart("sunny"));
        var part = ToolResultPart.FromJson(document.RootElement.GetProperty("id"), content, isError: false, body) with { ToolCallId = "t2" };

        Assert.Equal(new ToolResultPart("t2", content, isError: false), part);
        Assert.True(part.ToolCallIdToken.IsEmpty);
        Assert.Equal("""{"tool_call_id":"t2"}""", WriteId(part));
    }

    [Fact]
    public void WithCache_KeepsTheSlice()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"t\u0031"}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var part = ToolResultPart.FromJson(document.RootElement.GetProperty("id"), default, isError: false, body) with { Cache = CacheControl.ProviderDefault };

        Assert.Equal("t1", part.ToolCallId);
        Assert.Equal("""{"tool_call_id":"t\u0031"}""", WriteId(part));
    }

    [Fact]
    public void FromJson_ValueOfAnotherBuffer_ReadAsString()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"t\u0041"}""");
        using var document = JsonDocument.Parse(body.ToArray().AsMemory());
        var part = ToolResultPart.FromJson(document.RootElement.GetProperty("id"), default, isError: false, body);

        Assert.True(part.ToolCallIdToken.IsEmpty);
        Assert.Equal(new ToolResultPart("tA", default, isError: false), part);
        Assert.Equal("""{"tool_call_id":"tA"}""", WriteId(part));
    }

    private static string WriteId(ToolResultPart part)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            part.WriteToolCallId(writer, "tool_call_id"u8);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
