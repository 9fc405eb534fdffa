using System.Text;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class ToolDefinitionTests
{
    [Fact]
    public void FromJson_EqualsItsStringBuiltTwin()
    {
        var body = Encoding.UTF8.GetBytes("""{"name":"get_w\u00e9ather","description":"Says \"hi\"\n","parameters":{ "type" : "object" }}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var root = document.RootElement;
        var tool = ToolDefinition.FromJson(root.GetProperty("name"), root.GetProperty("description"), root.GetProperty("parameters"), body, strict: true, cache: null);
        var twin = new ToolDefinition("get_wéather", "Says \"hi\"\n", """{ "type" : "object" }""") { Strict = true };

        Assert.Equal(twin, tool);
        Assert.Equal(twin.GetHashCode(), tool.GetHashCode());
        Assert.NotEqual(twin with { Strict = false }, tool);
        Assert.True(tool.HasDescription && tool.HasSchema && tool.HasNonEmptyDescription);
        Assert.Equal(
            """{"name":"get_w\u00e9ather","description":"Says \"hi\"\n","schema":{ "type" : "object" }}""",
            Written(tool));
    }

    [Fact]
    public void FromJson_AbsentAndEmptyValues()
    {
        var body = Encoding.UTF8.GetBytes("""{"name":"f","description":""}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var root = document.RootElement;
        var tool = ToolDefinition.FromJson(root.GetProperty("name"), root.GetProperty("description"), null, body, strict: null, cache: null);

        Assert.Equal(new ToolDefinition("f", "", null), tool);
        Assert.True(tool.HasDescription);
        Assert.False(tool.HasNonEmptyDescription);
        Assert.False(tool.HasSchema);
        Assert.Null(tool.Schema);
    }

    [Fact]
    public void FromJson_ValuesOfAnotherBuffer_ReadAsStrings()
    {
        var body = Encoding.UTF8.GetBytes("""{"name":"f\u0041","parameters":{}}""");
        using var document = JsonDocument.Parse(body.ToArray().AsMemory());
        var root = document.RootElement;
        var tool = ToolDefinition.FromJson(root.GetProperty("name"), null, root.GetProperty("parameters"), body, strict: null, cache: null);

        Assert.Equal(new ToolDefinition("fA", null, "{}"), tool);
        Assert.False(tool.HasDescription);
        Assert.Equal("""{"name":"fA","schema":{}}""", Written(tool));
    }

    private static string Written(ToolDefinition tool)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            tool.WriteName(writer, "name"u8);
            if (tool.HasDescription)
            {
                tool.WriteDescription(writer, "description"u8);
            }

            writer.WritePropertyName("schema"u8);
            tool.WriteSchema(writer, "{}");
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
