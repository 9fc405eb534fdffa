using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

public sealed class ClientRequestParserTests
{
    [Theory]
    [InlineData("openai", "{", null, "not valid JSON")]
    [InlineData("openai", "", null, "not valid JSON")]
    [InlineData("anthropic", "[1]", null, "must be a JSON object")]
    [InlineData("openai", """{"model":"m"}""", "messages", "'messages' is required")]
    [InlineData("anthropic", """{"model":"m","max_tokens":5}""", "messages", "'messages' is required")]
    [InlineData("openai", """{"messages":[]}""", "model", "'model' is required")]
    [InlineData("openai", """{"model":7,"messages":[]}""", "model", "must be a string")]
    [InlineData("openai", """{"model":"m","messages":{}}""", "messages", "must be an array")]
    [InlineData("openai", """{"model":"m","messages":[],"stream":"yes"}""", "stream", "must be a boolean")]
    [InlineData("anthropic", """{"model":"m","messages":[],"max_tokens":"10"}""", "max_tokens", "must be an integer")]
    [InlineData("openai", """{"model":"m","messages":[{"role":"user","content":[{"type":"video","video":{}}]}]}""", "messages[0].content[0].type", "unknown content type 'video'")]
    [InlineData("anthropic", """{"model":"m","messages":[{"role":"user","content":[{"type":"foo"}]}]}""", "messages[0].content[0].type", "unknown content type 'foo'")]
    [InlineData("anthropic", """{"model":"m","messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":"{}"}]}]}""", "messages[0].content[0].input", "must be an object")]
    [InlineData("openai", """{"model":"m","messages":[{"role":"function","name":"f","content":"x"}]}""", "messages[0].role", "not supported")]
    [InlineData("openai", """{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","content":"r"}]}""", "messages[1].tool_call_id", "is required")]
    [InlineData("openai", """{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,notbase64"}}]}]}""", "messages[0].content[0].image_url.url", "base64 data URL")]
    [InlineData("openai", """{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}]}""", "messages[0].content[0].file.file_id", "cannot be translated")]
    [InlineData("openai", """{"model":"m","messages":[],"tool_choice":"sometimes"}""", "tool_choice", "not supported")]
    [InlineData("anthropic", """{"model":"m","messages":[],"thinking":{"type":"enabled"}}""", "thinking.budget_tokens", "is required")]
    [InlineData("openai", """{"model":"m","messages":[1]}""", "messages[0]", "must be an object")]
    // Paths built only when the error is raised (issue 5): nested segments still named right.
    [InlineData("openai", """{"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]}]}""", "messages[1].tool_calls[0].function.name", "'messages[1].tool_calls[0].function.name' is required")]
    [InlineData("openai", """{"model":"m","messages":[{"role":"assistant","thinking_blocks":[{"type":"thinking","thinking":"t"},{"type":"odd"}],"content":"x"}]}""", "messages[0].thinking_blocks[1].type", "'messages[0].thinking_blocks[1].type' 'odd' is not supported")]
    [InlineData("openai", """{"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{}}]}""", "tools[1].function.name", "'tools[1].function.name' is required")]
    [InlineData("openai", """{"model":"m","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""", "messages[0].content", "'messages[0].content' of a system message may hold only text")]
    [InlineData("openai", """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"file","file":{"file_data":"data:application/pdf,xyz"}}]}]}""", "messages[0].content[1].file.file_data", "'messages[0].content[1].file.file_data' must be a base64 data URL")]
    [InlineData("anthropic", """{"model":"m","messages":[{"role":"user","content":"q"},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"a"},{"type":"bogus"}]}]}]}""", "messages[1].content[0].content[1].type", "'messages[1].content[0].content[1].type' has an unknown content type 'bogus'")]
    [InlineData("anthropic", """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image","source":{"type":"file"}}]}]}""", "messages[0].content[1].source.type", "'messages[0].content[1].source.type' 'file' is not supported")]
    [InlineData("anthropic", """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a","cache_control":{"type":"ephemeral","ttl":5}}]}]}""", "messages[0].content[0].cache_control.ttl", "'messages[0].content[0].cache_control.ttl' must be a string")]
    [InlineData("anthropic", """{"model":"m","system":[{"type":"text","text":"s"},{"type":"image"}],"messages":[]}""", "system[1].type", "'system[1].type' must be 'text'")]
    [InlineData("anthropic", """{"model":"m","messages":[],"tools":[{"name":"a","input_schema":{}},{"name":"b"}]}""", "tools[1].input_schema", "'tools[1].input_schema' is required")]
    [InlineData("anthropic", """{"model":"m","messages":[{"role":"user","content":"q"},{"role":"bot","content":"x"}]}""", "messages[1].role", "'messages[1].role' must be 'user' or 'assistant'")]
    public void TryParse_BadInput_400NamingTheField(string schemaName, string body, string? param, string messagePart)
    {
        Assert.True(ApiSchemaNames.TryParse(schemaName, out var schema));
        var error = ClientRequestParser.TryParse(schema, Encoding.UTF8.GetBytes(body), out var parsed);
        Assert.NotNull(error);
        Assert.Null(parsed);
        Assert.Equal(400, error.Status);
        Assert.Equal(GatewayErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(param, error.Param);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OpenAi_ExposesModelStreamMaxTokensAndUsageFlag()
    {
        var body = """{"model":"gpt-x","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":77,"max_tokens":5}""";
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.OpenAi, Encoding.UTF8.GetBytes(body), out var parsed));
        Assert.Equal("gpt-x", parsed!.Model);
        Assert.True(parsed.Stream);
        Assert.True(parsed.IncludeUsage);
        Assert.Equal(77, parsed.MaxTokens);
        Assert.Equal(ApiSchema.OpenAi, parsed.Schema);
        Assert.Equal(body, Encoding.UTF8.GetString(parsed.Body.Span));
    }

    [Fact]
    public void TryParse_Anthropic_ServerToolBlocks_KeptForPassthrough_RejectedWhenBridged()
    {
        var body = """{"model":"m","max_tokens":9,"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[{"type":"server_tool_use","id":"s1","name":"web_search","input":{"query":"x"}}]}]}""";
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes(body), out var parsed));
        Assert.False(parsed!.Stream);
        Assert.Equal(9, parsed.MaxTokens);
        var error = TranslationHarness.RequestError(ApiSchema.Anthropic, ApiSchema.OpenAi, body);
        Assert.Equal("messages[1].content[0]", error.Param);
        var passthrough = TranslationHarness.Request(ApiSchema.Anthropic, ApiSchema.Anthropic, body);
        Assert.Equal("server_tool_use", passthrough["messages"]![1]!["content"]![0]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("anthropic", "bedrock-converse", """{"model":"m","max_tokens":9,"messages":[{"role":"user","content":"q"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]}]}""", "messages[1].content[1]", "accepts images only as base64")]
    [InlineData("openai", "anthropic", """{"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}""", "messages[1].content[0].function.arguments", "must be a JSON object encoded as a string")]
    [InlineData("openai", "bedrock-converse", """{"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"x"}}]}]}""", "messages[1].content[0].function.arguments", "must be a JSON object encoded as a string")]
    [InlineData("anthropic", "openai", """{"model":"m","max_tokens":9,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]}]}]}""", "messages[0].content[0]", "accepts only text in tool results")]
    public void TranslateRequest_WriterError_NamesThePartsPath(string clientName, string providerName, string body, string param, string messagePart)
    {
        Assert.True(ApiSchemaNames.TryParse(clientName, out var client));
        Assert.True(ApiSchemaNames.TryParse(providerName, out var provider));
        var error = TranslationHarness.RequestError(client, provider, body);
        Assert.Equal(param, error.Param);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{param}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_AfterAFailedParse_PathsStartFresh()
    {
        // A parse that throws deep inside leaves the thread's path segments behind; the next parse must not inherit them.
        var bad = """{"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"bogus"}]}]}]}""";
        Assert.NotNull(ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes(bad), out _));
        var error = ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"x","content":"y"}]}"""), out _);
        Assert.Equal("messages[0].role", error!.Param);
    }

    [Fact]
    public void TryParse_NestedToolResults_DeeperThanThePathsFirstSize_NameTheInnermostField()
    {
        // Tool results inside tool results, 12 deep: the reused path grows instead of failing.
        var block = """{"type":"bogus"}""";
        var expected = "messages[0]";
        for (var i = 0; i < 12; i++)
        {
            block = $$"""{"type":"tool_result","tool_use_id":"t{{i}}","content":[{{block}}]}""";
            expected += ".content[0]";
        }

        var body = $$"""{"model":"m","messages":[{"role":"user","content":[{{block}}]}]}""";
        var error = ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes(body), out _);
        Assert.Equal(expected + ".content[0].type", error!.Param);
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes(body.Replace("bogus", "text\",\"text\":\"x", StringComparison.Ordinal)), out var parsed));
        Assert.NotNull(parsed);
    }

    [Fact]
    public void TryParse_UnknownTopLevelFields_RecordedAsDropped()
    {
        var body = """{"model":"m","messages":[],"seed":7,"logit_bias":{},"user":"u"}""";
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.OpenAi, Encoding.UTF8.GetBytes(body), out var parsed));
        Assert.Equal(["seed", "logit_bias"], parsed!.Chat.DroppedFields);
    }

    [Fact]
    public void TryParse_OpenAi_AfterAFailedRead_TheNextRequestHoldsOnlyItsOwnMessages()
    {
        // The reader collects into per-thread lists: a read that fails halfway must leave nothing for the next one.
        var failing = """{"model":"m","messages":[{"role":"system","content":"old rules"},{"role":"user","content":"old"},{"role":"assistant","content":"a","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"r"},{"role":"user","content":[{"type":"video"}]}]}""";
        Assert.NotNull(ClientRequestParser.TryParse(ApiSchema.OpenAi, Encoding.UTF8.GetBytes(failing), out _));

        var body = """{"model":"m","messages":[{"role":"developer","content":"rules"},{"role":"user","content":"q"}]}""";
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.OpenAi, Encoding.UTF8.GetBytes(body), out var parsed));

        Assert.Equal("rules", Assert.Single(parsed!.Chat.System).Text);
        var message = Assert.Single(parsed.Chat.Messages);
        Assert.Equal(ChatRole.User, message.Role);
        Assert.Equal("q", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text);
    }

    [Fact]
    public void TryParse_Anthropic_MidConversationSystemMessage_JoinsTheSystemPromptAfterItsBlocks()
    {
        var body = """{"model":"m","max_tokens":5,"system":[{"type":"text","text":"s1"}],"messages":[{"role":"user","content":"q"},{"role":"system","content":"s2"},{"role":"assistant","content":"a"}]}""";

        Assert.Null(ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes(body), out var parsed));

        Assert.Equal(["s1", "s2"], parsed!.Chat.System.Select(p => p.Text));
        Assert.Equal([ChatRole.User, ChatRole.Assistant], parsed.Chat.Messages.Select(m => m.Role));
    }
}
