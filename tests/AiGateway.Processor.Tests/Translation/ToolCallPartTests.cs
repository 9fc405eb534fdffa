using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class ToolCallPartTests
{
    private const string EscapedOpenAi = """
        {"model":"m","tools":[{"type":"function","function":{"name":"get_w\u00e9ather","description":"Says \"hi\"","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}],
        "messages":[{"role":"user","content":"hi"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_\u0041\"1","type":"function","function":{"name":"get_w\u00e9ather","arguments":"{\"q\":\"\\u00fcn\\\"i\\\\\",\"n\":[1,2]}"}}]},
        {"role":"tool","tool_call_id":"call_A\"1","content":"sunny"}]}
        """;

    private const string EscapedAnthropic = """
        {"model":"m","max_tokens":10,"tools":[{"name":"get_w\u00e9ather","description":"Says \"hi\"","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],
        "messages":[{"role":"user","content":"hi"},
        {"role":"assistant","content":[{"type":"tool_use","id":"toolu_\u00411","name":"get_w\u00e9ather","input":{"q":"\u00fcn\"i\\","n":[1, 2]}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_A1","content":"sunny"}]}]}
        """;

    [Fact]
    public void FromJson_StringArguments_EqualsItsStringBuiltTwin()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"call_\u0041\"1","name":"f\u00e9","arguments":"{\"q\":\"\\u00fc\"}"}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var root = document.RootElement;
        var part = ToolCallPart.FromJson(root.GetProperty("id"), root.GetProperty("name"), root.GetProperty("arguments"), body);
        var twin = new ToolCallPart("call_A\"1", "fé", """{"q":"\u00fc"}""");

        Assert.Equal(twin, part);
        Assert.Equal(twin.GetHashCode(), part.GetHashCode());
        var (id, name, arguments) = part;
        Assert.Equal(("call_A\"1", "fé", """{"q":"\u00fc"}"""), (id, name, arguments));
        Assert.True(part.ArgumentsObject.IsEmpty);
        Assert.Equal("\"{\\\"q\\\":\\\"\\\\u00fc\\\"}\"", Encoding.UTF8.GetString(part.ArgumentsToken));
    }

    [Fact]
    public void FromJson_ObjectArguments_KeepsTheObjectAsWritten()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"t1","name":"f","input":{ "q" : "\u00fc", "n":[1, 2] }}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var root = document.RootElement;
        var part = ToolCallPart.FromJson(root.GetProperty("id"), root.GetProperty("name"), root.GetProperty("input"), body);

        Assert.Equal(new ToolCallPart("t1", "f", """{ "q" : "\u00fc", "n":[1, 2] }"""), part);
        Assert.Equal("""{ "q" : "\u00fc", "n":[1, 2] }""", Encoding.UTF8.GetString(part.ArgumentsObject));
        Assert.True(part.ArgumentsToken.IsEmpty);
    }

    [Fact]
    public void FromJson_AbsentArguments_AreEmptyText()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"t1","name":"f"}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var part = ToolCallPart.FromJson(document.RootElement.GetProperty("id"), document.RootElement.GetProperty("name"), null, body);

        Assert.Equal(new ToolCallPart("t1", "f", string.Empty), part);
    }

    [Fact]
    public void FromJson_ValuesOfAnotherBuffer_ReadAsStrings()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"t\u0041","name":"f","arguments":"{}"}""");
        using var document = JsonDocument.Parse(body.ToArray().AsMemory());
        var root = document.RootElement;
        var part = ToolCallPart.FromJson(root.GetProperty("id"), root.GetProperty("name"), root.GetProperty("arguments"), body);

        Assert.Equal(new ToolCallPart("tA", "f", "{}"), part);
        Assert.True(part.ArgumentsToken.IsEmpty);
    }

    [Fact]
    public void WithArguments_ReplacesTheSlice()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"t1","name":"f","input":{"a":1}}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var root = document.RootElement;
        var part = ToolCallPart.FromJson(root.GetProperty("id"), root.GetProperty("name"), root.GetProperty("input"), body) with { Arguments = """{"b":2}""" };

        Assert.Equal(new ToolCallPart("t1", "f", """{"b":2}"""), part);
        Assert.True(part.ArgumentsObject.IsEmpty);
    }

    /// <summary>Every writer given slice-held calls, results and tools writes what it writes from their string-built twins, in meaning.</summary>
    [Theory]
    [InlineData("openai", EscapedOpenAi, "openai")]
    [InlineData("openai", EscapedOpenAi, "anthropic")]
    [InlineData("openai", EscapedOpenAi, "bedrock-converse")]
    [InlineData("anthropic", EscapedAnthropic, "anthropic")]
    [InlineData("anthropic", EscapedAnthropic, "bedrock-converse")]
    [InlineData("anthropic", EscapedAnthropic, "openai")]
    public void Writers_SliceHeldCalls_WriteTheSameMeaningAsStringBuiltOnes(string clientName, string body, string providerName)
    {
        Assert.True(ApiSchemaNames.TryParse(clientName, out var client));
        Assert.True(ApiSchemaNames.TryParse(providerName, out var provider));
        Assert.Null(ClientRequestParser.TryParse(client, Encoding.UTF8.GetBytes(body), out var parsed));
        var chat = parsed!.Chat;
        var twin = chat with
        {
            Tools = chat.Tools.Select(tool => new ToolDefinition(tool.Name, tool.Description, tool.Schema)
            {
                Strict = tool.Strict,
                Cache = tool.Cache,
                RawJson = tool.RawJson,
                Origin = tool.Origin,
            }).ToArray(),
            Messages = chat.Messages.Select(message => message with
            {
                Parts = message.Parts.Select(part => part switch
                {
                    ToolCallPart call => new ToolCallPart(call.Id, call.Name, call.Arguments),
                    ToolResultPart result => new ToolResultPart(result.ToolCallId, result.Content, result.IsError) { Cache = result.Cache },
                    _ => part,
                }).ToArray(),
            }).ToArray(),
        };

        Assert.Contains(chat.Messages, message => message.Parts.OfType<ToolCallPart>().Any(call => call.Name == "get_wéather"));
        Assert.Contains(chat.Messages, message => message.Parts.OfType<ToolResultPart>().Any(result => !result.ToolCallIdToken.IsEmpty));
        Assert.Equal("Says \"hi\"", Assert.Single(chat.Tools).Description);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Write(twin, provider)), JsonNode.Parse(Write(chat, provider))), Write(chat, provider));
    }

    [Theory]
    [InlineData("\"  \"", "{}")]
    [InlineData("\"{\\\"a\\\":\\\"\\\\u00e9\\\"}\"", "{\"a\":\"\\u00e9\"}")]
    public void WriteObject_StringToken_WritesTheObject(string token, string expected)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"id":"t","name":"f","arguments":{{token}}}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var root = document.RootElement;
        var part = ToolCallPart.FromJson(root.GetProperty("id"), root.GetProperty("name"), root.GetProperty("arguments"), body);

        Assert.Equal(expected, WriteObject(part));
        Assert.Equal(WriteObject(new ToolCallPart("t", "f", part.Arguments)), WriteObject(part));
    }

    [Theory]
    [InlineData("\"[1]\"")]
    [InlineData("\"{\\\"a\\\":1} x\"")]
    [InlineData("\"not json\"")]
    public void WriteObject_StringTokenNotAnObject_SameErrorAsTheString(string token)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"id":"t","name":"f","arguments":{{token}}}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var root = document.RootElement;
        var part = ToolCallPart.FromJson(root.GetProperty("id"), root.GetProperty("name"), root.GetProperty("arguments"), body);

        var sliced = Assert.Throws<RequestFieldException>(() => WriteObject(part));
        var twin = Assert.Throws<RequestFieldException>(() => WriteObject(new ToolCallPart("t", "f", part.Arguments)));
        Assert.Equal(twin.Message, sliced.Message);
        Assert.Equal("'messages[1].tool_calls[0].function.arguments' must be a JSON object encoded as a string.", sliced.Message);
    }

    private static string WriteObject(ToolCallPart part)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var path = RequestPath.Start();
            path.Push("messages", 1);
            path.Push("tool_calls", 0);
            ToolArguments.WriteObject(writer, part, path, "function.arguments");
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Write(ChatRequest request, ApiSchema provider)
    {
        using var buffer = new PooledBufferWriter();
        SchemaCodecs.WriteRequest(request, new TranslationTarget(provider, "provider-model", Stream: false), buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
