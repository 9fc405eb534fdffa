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

    [Fact]
    public void TryParse_UnknownTopLevelFields_RecordedAsDropped()
    {
        var body = """{"model":"m","messages":[],"seed":7,"logit_bias":{},"user":"u"}""";
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.OpenAi, Encoding.UTF8.GetBytes(body), out var parsed));
        Assert.Equal(["seed", "logit_bias"], parsed!.Chat.DroppedFields);
    }
}
