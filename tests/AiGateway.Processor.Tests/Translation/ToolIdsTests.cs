using System.Text;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class ToolIdsTests
{
    private static readonly string LongId = new('a', 70);

    /// <summary>Ids as JSON string tokens: clean for both targets, clean for Bedrock only, escaped, non-ASCII, empty, too long for Bedrock.</summary>
    public static TheoryData<string> Tokens => new()
    {
        "\"toolu_01A-b\"",
        "\"call.1:x\"",
        "\"call_\\u0041\"",
        "\"call\\/1\"",
        "\"t\u00e9\"",
        "\"a b\"",
        "\"\"",
        $"\"{LongId}\"",
        $"\"{new string('b', 64)}\"",
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public void WriteForAnthropic_SliceHeldId_WritesWhatTheStringPathGives(string token)
    {
        var (call, result) = Parts(token);
        var expected = Expected(ToolIds.ForAnthropic(call.Id));

        Assert.False(call.IdToken.IsEmpty);
        Assert.Equal(expected, Write(writer => ToolIds.WriteForAnthropic(writer, "id"u8, call)));
        Assert.Equal(expected, Write(writer => ToolIds.WriteForAnthropic(writer, "id"u8, result)));
        Assert.Equal(expected, Write(writer => ToolIds.WriteForAnthropic(writer, "id"u8, new ToolCallPart(call.Id, "f", "{}"))));
        Assert.Equal(expected, Write(writer => ToolIds.WriteForAnthropic(writer, "id"u8, new ToolResultPart(call.Id, default, isError: false))));
    }

    [Theory]
    [MemberData(nameof(Tokens))]
    public void WriteForBedrock_SliceHeldId_WritesWhatTheStringPathGives(string token)
    {
        var (call, result) = Parts(token);
        var expected = Expected(ToolIds.ForBedrock(call.Id));

        Assert.False(call.IdToken.IsEmpty);
        Assert.Equal(expected, Write(writer => ToolIds.WriteForBedrock(writer, "id"u8, call)));
        Assert.Equal(expected, Write(writer => ToolIds.WriteForBedrock(writer, "id"u8, result)));
        Assert.Equal(expected, Write(writer => ToolIds.WriteForBedrock(writer, "id"u8, new ToolCallPart(call.Id, "f", "{}"))));
        Assert.Equal(expected, Write(writer => ToolIds.WriteForBedrock(writer, "id"u8, new ToolResultPart(call.Id, default, isError: false))));
    }

    /// <summary>Issue 5: a clean client id is copied as is, so writing it makes no string (exact allocation counter).</summary>
    [Fact]
    public void Write_CleanId_CopiesTheTokenWithoutAString()
    {
        var (call, result) = Parts("\"toolu_01A-b\"");
        using var buffer = new PooledBufferWriter();
        using var writer = new Utf8JsonWriter(buffer);

        void WriteAll()
        {
            buffer.Clear();
            writer.Reset(buffer);
            writer.WriteStartObject();
            ToolIds.WriteForAnthropic(writer, "id"u8, call);
            ToolIds.WriteForAnthropic(writer, "tool_use_id"u8, result);
            ToolIds.WriteForBedrock(writer, "toolUseId"u8, call);
            ToolIds.WriteForBedrock(writer, "toolResultId"u8, result);
            writer.WriteEndObject();
            writer.Flush();
        }

        WriteAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            WriteAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("""{"id":"toolu_01A-b","tool_use_id":"toolu_01A-b","toolUseId":"toolu_01A-b","toolResultId":"toolu_01A-b"}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Write_ForbiddenCharacters_AreReplaced()
    {
        var (call, result) = Parts("\"call.1:x\"");

        Assert.Equal("""{"id":"call_1_x"}""", Write(writer => ToolIds.WriteForAnthropic(writer, "id"u8, call)));
        Assert.Equal("""{"id":"call.1:x"}""", Write(writer => ToolIds.WriteForBedrock(writer, "id"u8, result)));
    }

    [Fact]
    public void WriteForBedrock_LongId_IsCut()
    {
        var (call, _) = Parts($"\"{LongId}\"");

        Assert.Equal($$"""{"id":"{{new string('a', 64)}}"}""", Write(writer => ToolIds.WriteForBedrock(writer, "id"u8, call)));
        Assert.Equal($$"""{"id":"{{LongId}}"}""", Write(writer => ToolIds.WriteForAnthropic(writer, "id"u8, call)));
    }

    [Fact]
    public void Write_EmptyId_IsCallPrefix()
    {
        var (call, result) = Parts("\"\"");

        Assert.Equal("""{"id":"call_"}""", Write(writer => ToolIds.WriteForAnthropic(writer, "id"u8, call)));
        Assert.Equal("""{"id":"call_"}""", Write(writer => ToolIds.WriteForBedrock(writer, "id"u8, result)));
    }

    [Fact]
    public void Write_EscapedCleanId_IsWrittenDecoded()
    {
        var (call, result) = Parts("\"call_\\u0041\"");

        Assert.Equal("""{"id":"call_A"}""", Write(writer => ToolIds.WriteForAnthropic(writer, "id"u8, call)));
        Assert.Equal("""{"id":"call_A"}""", Write(writer => ToolIds.WriteForBedrock(writer, "id"u8, result)));
    }

    /// <summary>The parts read from a body that holds <paramref name="token"/> as both ids (kept as slices of it).</summary>
    private static (ToolCallPart Call, ToolResultPart Result) Parts(string token)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"id":{{token}},"name":"f","tool_use_id":{{token}}}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var root = document.RootElement;
        var call = ToolCallPart.FromJson(root.GetProperty("id"), root.GetProperty("name"), null, body);
        var result = ToolResultPart.FromJson(root.GetProperty("tool_use_id"), default, isError: false, body);
        return (call, result);
    }

    private static string Expected(string id) => Write(writer => writer.WriteString("id"u8, id));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
