using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class JsonBodyPatcherTests
{
    [Theory]
    [InlineData("""{"model":"a","x":1}""", "model", "\"b\"", """{"model":"b","x":1}""")]
    [InlineData("""{ "x" : 1 , "model" : "a" }""", "model", "\"b\"", """{ "x" : 1 , "model" : "b" }""")]
    [InlineData("""{"model":"a","x":1}""", "model", null, """{"x":1}""")]
    [InlineData("""{"x":1, "model":"a"}""", "model", null, """{"x":1}""")]
    [InlineData("""{"x":1,"model":"a","y":[2]}""", "model", null, """{"x":1,"y":[2]}""")]
    [InlineData("""{"model":"a"}""", "model", null, """{}""")]
    [InlineData("""{"x":1}""", "v", "true", """{"v":true,"x":1}""")]
    [InlineData("""{}""", "v", "true", """{"v":true}""")]
    [InlineData("""{"x":{"model":"inner"}}""", "model", null, """{"x":{"model":"inner"}}""")]
    public void Apply_OnePatch_OtherBytesUnchanged(string body, string name, string? value, string expected)
    {
        var output = new PooledBufferWriter();
        JsonBodyPatcher.Apply(Encoding.UTF8.GetBytes(body), [new BodyPatch(name, value is null ? null : Encoding.UTF8.GetBytes(value))], output);
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Apply_RemoveLeadingRunAndInsert_ValidJson()
    {
        var output = new PooledBufferWriter();
        JsonBodyPatcher.Apply(
            """{"model":"a","stream":true,"max_tokens":5,"stream":false}"""u8,
            [new BodyPatch("model", null), new BodyPatch("stream", null), new BodyPatch("anthropic_version", "\"v\""u8.ToArray())],
            output);
        Assert.Equal("""{"anthropic_version":"v","max_tokens":5}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
