using System.Text;
using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Routing;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Routing;

public sealed class TranslatingRequestBuilderTests
{
    private const string Body = """{"model":"claude-sonnet","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""";

    [Theory]
    [InlineData(null, new[] { "interleaved-thinking-2025-05-14" })]
    [InlineData(new[] { "claude-code-20250219" }, new[] { "claude-code-20250219" })]
    public void Build_BedrockInvoke_ForwardsOnlyAllowedBetasInTheBody(string[]? allowList, string[] expected)
    {
        var provider = new ProviderConfig { Kind = ProviderKind.Bedrock, Region = "us-east-1", AnthropicBetas = allowList?.ToList() };
        var target = new BackendTarget("b", "bedrock", provider, "us.anthropic.claude-sonnet-4-v1:0");
        ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes(Body), out var parsed);
        var routed = new RoutedRequest("id", ClientEndpoint.AnthropicMessages, "claude-sonnet", Encoding.UTF8.GetBytes(Body))
        {
            Parsed = parsed,
            AnthropicBetas = ["claude-code-20250219", "interleaved-thinking-2025-05-14", "made-up-beta-2099-01-01"],
        };

        var (request, error) = new TranslatingRequestBuilder().Build(routed, target);

        Assert.Null(error);
        Assert.Equal("/model/us.anthropic.claude-sonnet-4-v1%3A0/invoke", request!.PathAndQuery);
        Assert.Contains("anthropic-beta", request.RemovedHeaders);
        using var json = JsonDocument.Parse(request.Body);
        var betas = json.RootElement.TryGetProperty("anthropic_beta", out var list) ? list.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        Assert.Equal(expected, betas);
        Assert.False(json.RootElement.TryGetProperty("model", out _));
    }

    [Theory]
    [InlineData("anthropic", null, "bedrock-invoke")]
    [InlineData("openai", null, "bedrock-converse")]
    [InlineData("anthropic", "Converse", "bedrock-converse")]
    [InlineData("openai", "Invoke", "bedrock-invoke")]
    [InlineData("openai", "Converse", "bedrock-converse")]
    public void ProviderSchema_BedrockBackend_ByClientFamilyUnlessApiForced(string client, string? api, string expected)
    {
        Assert.True(ApiSchemaNames.TryParse(client, out var clientSchema));
        Assert.True(ApiSchemaNames.TryParse(expected, out var expectedSchema));
        var provider = new ProviderConfig { Kind = ProviderKind.Bedrock, Region = "us-east-1" };
        var target = new BackendTarget("b", "bedrock", provider, "m") { Api = api is null ? null : Enum.Parse<BedrockApi>(api) };

        Assert.Equal(expectedSchema, TranslatingRequestBuilder.ProviderSchema(target, clientSchema));
    }

    [Fact]
    public void Build_AnthropicClientToBedrockBackendWithApiConverse_SendsAConverseBody()
    {
        var provider = new ProviderConfig { Kind = ProviderKind.Bedrock, Region = "us-east-1" };
        var target = new BackendTarget("b", "bedrock", provider, "us.anthropic.claude-sonnet-4-v1:0") { Api = BedrockApi.Converse };
        ClientRequestParser.TryParse(ApiSchema.Anthropic, Encoding.UTF8.GetBytes(Body), out var parsed);
        var routed = new RoutedRequest("id", ClientEndpoint.AnthropicMessages, "claude-sonnet", Encoding.UTF8.GetBytes(Body)) { Parsed = parsed };

        var (request, error) = new TranslatingRequestBuilder().Build(routed, target);

        Assert.Null(error);
        Assert.Equal("/model/us.anthropic.claude-sonnet-4-v1%3A0/converse", request!.PathAndQuery);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal(64, json.RootElement.GetProperty("inferenceConfig").GetProperty("maxTokens").GetInt32());
        Assert.Equal("hi", json.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(json.RootElement.TryGetProperty("anthropic_version", out _));
    }
}
