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
    public void Apply_OnePatch_OtherBytesUnchanged(string body, string name, string? value, string expected)
    {
        var output = new PooledBufferWriter();
        Assert.True(JsonBodyPatcher.Apply(Encoding.UTF8.GetBytes(body), [new BodyPatch(name, value is null ? null : Encoding.UTF8.GetBytes(value))], output));
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Apply_RemoveLeadingRunAndInsert_ValidJson()
    {
        var output = new PooledBufferWriter();
        Assert.True(JsonBodyPatcher.Apply(
            """{"model":"a","stream":true,"max_tokens":5,"stream":false}"""u8,
            [new BodyPatch("model", null), new BodyPatch("stream", null), new BodyPatch("anthropic_version", "\"v\""u8.ToArray())],
            output));
        Assert.Equal("""{"anthropic_version":"v","max_tokens":5}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData("""{"model":"a","x":1}""", "model", "\"a\"")]
    [InlineData("""{ "x" : 1 , "model" :  "a" }""", "model", "\"a\"")]
    [InlineData("""{"mod\u0065l":"a"}""", "model", "\"a\"")]
    [InlineData("""{"model":"a","model":"a"}""", "model", "\"a\"")]
    [InlineData("""{"x":{"model":"a"}}""", "model", null)]
    [InlineData("""{"x":1}""", "model", null)]
    [InlineData("""{}""", "model", null)]
    [InlineData("""{"stream_options":{"include_usage":true}}""", "stream_options", """{"include_usage":true}""")]
    public void Apply_NothingChanges_ReturnsFalseAndWritesNothing(string body, string name, string? value)
    {
        var output = new PooledBufferWriter();
        Assert.False(JsonBodyPatcher.Apply(Encoding.UTF8.GetBytes(body), [new BodyPatch(name, value is null ? null : Encoding.UTF8.GetBytes(value))], output));
        Assert.Equal(0, output.Count);
    }

    [Theory]
    [InlineData("""{"stream_options":{ "include_usage": true }}""", "stream_options", """{"include_usage":true}""", """{"stream_options":{"include_usage":true}}""")]
    [InlineData("""{"model":"\u0061"}""", "model", "\"a\"", """{"model":"a"}""")]
    [InlineData("""{"model":"a","model":"b"}""", "model", "\"a\"", """{"model":"a","model":"a"}""")]
    [InlineData("""{"mod\u0065l":"a"}""", "model", "\"b\"", """{"mod\u0065l":"b"}""")]
    [InlineData("""{"mod\u0065l":"a","x":1}""", "model", null, """{"x":1}""")]
    public void Apply_SameMeaningOtherBytes_IsAChange(string body, string name, string? value, string expected)
    {
        var output = new PooledBufferWriter();
        Assert.True(JsonBodyPatcher.Apply(Encoding.UTF8.GetBytes(body), [new BodyPatch(name, value is null ? null : Encoding.UTF8.GetBytes(value))], output));
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Apply_OnlyOnePatchOfSeveralChanges_WritesAll()
    {
        var output = new PooledBufferWriter();
        Assert.True(JsonBodyPatcher.Apply(
            """{"model":"a","messages":[]}"""u8,
            [new BodyPatch("model", "\"a\""u8.ToArray()), new BodyPatch("stream_options", """{"include_usage":true}"""u8.ToArray())],
            output));
        Assert.Equal("""{"stream_options":{"include_usage":true},"model":"a","messages":[]}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Apply_MoreMembersThanTheStackHolds_PatchesEveryOne()
    {
        var members = Enumerable.Range(0, 100).Select(i => $"\"m{i}\": {i}").ToList();
        members.Insert(70, "\"model\":\"old\"");
        members.Add("\"model\":\"old\"");
        var body = "{" + string.Join(", ", members) + "}";
        var output = new PooledBufferWriter();
        Assert.True(JsonBodyPatcher.Apply(Encoding.UTF8.GetBytes(body), [new BodyPatch("model", "\"new\""u8.ToArray()), new BodyPatch("m99", null)], output));
        var expected = "{" + string.Join(", ", members.Where(m => m != "\"m99\": 99").Select(m => m.Replace("\"old\"", "\"new\"", StringComparison.Ordinal))) + "}";
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
