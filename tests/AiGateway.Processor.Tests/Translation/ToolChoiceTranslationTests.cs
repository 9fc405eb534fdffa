using System.Text.Json.Nodes;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Translation;

/// <summary>Issue 5 "tools: tool_choice (auto/none/required/specific)" in every bridged direction (§7.1 peer table).</summary>
public sealed class ToolChoiceTranslationTests
{
    private const string OpenAiTools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]";
    private const string AnthropicTools = "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}]";

    [Theory]
    [InlineData("\"auto\"", "anthropic", """{"type":"auto"}""")]
    [InlineData("\"none\"", "anthropic", """{"type":"none"}""")]
    [InlineData("\"required\"", "anthropic", """{"type":"any"}""")]
    [InlineData("""{"type":"function","function":{"name":"f"}}""", "anthropic", """{"type":"tool","name":"f"}""")]
    [InlineData("\"auto\"", "bedrock-converse", """{"auto":{}}""")]
    [InlineData("\"required\"", "bedrock-converse", """{"any":{}}""")]
    [InlineData("""{"type":"function","function":{"name":"f"}}""", "bedrock-converse", """{"tool":{"name":"f"}}""")]
    public void OpenAiClient_ToolChoice_MapsToProvider(string choice, string providerName, string expected)
    {
        Assert.True(ApiSchemaNames.TryParse(providerName, out var provider));
        var body = "{\"model\":\"m\",\"max_tokens\":10," + OpenAiTools + ",\"tool_choice\":" + choice + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        var request = TranslationHarness.Request(ApiSchema.OpenAi, provider, body);

        var actual = provider == ApiSchema.Anthropic ? request["tool_choice"] : request["toolConfig"]!["toolChoice"];
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual?.ToJsonString());
    }

    [Fact]
    public void OpenAiClient_ToolChoiceNone_BedrockGetsNoTools()
    {
        var body = "{\"model\":\"m\"," + OpenAiTools + ",\"tool_choice\":\"none\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        var request = TranslationHarness.Request(ApiSchema.OpenAi, ApiSchema.BedrockConverse, body);

        // Converse has no "none": not offering the tools is the equivalent (§7.1).
        Assert.Null(request["toolConfig"]);
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "\"auto\"")]
    [InlineData("""{"type":"none"}""", "\"none\"")]
    [InlineData("""{"type":"any"}""", "\"required\"")]
    [InlineData("""{"type":"tool","name":"f"}""", """{"type":"function","function":{"name":"f"}}""")]
    public void AnthropicClient_ToolChoice_MapsToOpenAi(string choice, string expected)
    {
        var body = "{\"model\":\"m\",\"max_tokens\":10," + AnthropicTools + ",\"tool_choice\":" + choice + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        var request = TranslationHarness.Request(ApiSchema.Anthropic, ApiSchema.OpenAi, body);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), request["tool_choice"]), request["tool_choice"]?.ToJsonString());
    }
}
