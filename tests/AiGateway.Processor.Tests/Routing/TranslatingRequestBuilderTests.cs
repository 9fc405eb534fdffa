using System.Text;
using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Routing;
using AiGateway.Processor.Tests.Infrastructure;
using AiGateway.Processor.Translation;
using Microsoft.Extensions.Logging;

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

    [Theory]
    [InlineData("Anthropic", """{"model":"m","seed":7,"logit_bias":{"50256":-100},"messages":[{"role":"user","content":"hi"}]}""", "seed,logit_bias")]
    [InlineData("Bedrock", """{"model":"m","seed":7,"messages":[{"role":"user","content":"hi"}]}""", "seed")]
    public void Build_OpenAiClientBridged_UnknownFieldsDroppedWithADebugLog(string kindName, string body, string fields)
    {
        var (request, log) = BuildLogged(ApiSchema.OpenAi, ClientEndpoint.OpenAiChatCompletions, body, Enum.Parse<ProviderKind>(kindName), []);

        Assert.DoesNotContain("seed", Encoding.UTF8.GetString(request.Body.Span), StringComparison.Ordinal);
        var entry = Assert.Single(log.Entries, e => e.EventName == "FieldsDropped");
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.EndsWith(fields, entry.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "OpenAi", """{"model":"m","seed":7,"x_vendor":{"a":[1,2]},"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("openai", "AzureOpenAi", """{"model":"m","seed":7,"x_vendor":{"a":[1,2]},"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("anthropic", "Anthropic", """{"model":"m","max_tokens":5,"x_vendor":{"a":[1,2]},"container":"c1","messages":[{"role":"user","content":"hi"}]}""")]
    public void Build_SameSchema_UnknownFieldsPassThroughWithoutALog(string clientName, string kindName, string body)
    {
        Assert.True(ApiSchemaNames.TryParse(clientName, out var client));
        var endpoint = client == ApiSchema.OpenAi ? ClientEndpoint.OpenAiChatCompletions : ClientEndpoint.AnthropicMessages;
        var (request, log) = BuildLogged(client, endpoint, body, Enum.Parse<ProviderKind>(kindName), []);

        Assert.Contains("\"x_vendor\":{\"a\":[1,2]}", Encoding.UTF8.GetString(request.Body.Span), StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.EventName == "FieldsDropped");
    }

    [Theory]
    [InlineData("Bedrock", "made-up-beta-2099-01-01")]
    [InlineData("OpenAi", "interleaved-thinking-2025-05-14,made-up-beta-2099-01-01")]
    public void Build_AnthropicBetasNotForwarded_LoggedAtDebug(string kindName, string dropped)
    {
        var (_, log) = BuildLogged(ApiSchema.Anthropic, ClientEndpoint.AnthropicMessages, Body, Enum.Parse<ProviderKind>(kindName), ["interleaved-thinking-2025-05-14, made-up-beta-2099-01-01"]);

        var entry = Assert.Single(log.Entries, e => e.EventName == "BetasDropped");
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.EndsWith(dropped, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AnthropicProvider_BetasForwardedAsHeaders_NothingLogged()
    {
        var (_, log) = BuildLogged(ApiSchema.Anthropic, ClientEndpoint.AnthropicMessages, Body, ProviderKind.Anthropic, ["made-up-beta-2099-01-01"]);

        Assert.DoesNotContain(log.Entries, e => e.EventName is "BetasDropped" or "FieldsDropped");
    }

    private static (AttemptRequest Request, TestLogSink Log) BuildLogged(ApiSchema client, ClientEndpoint endpoint, string body, ProviderKind kind, string[] betas)
    {
        var sink = new TestLogSink();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        var provider = new ProviderConfig { Kind = kind, Region = "us-east-1", Endpoint = new Uri("https://example.test") };
        var target = new BackendTarget("b", "p", provider, "provider-model");
        Assert.Null(ClientRequestParser.TryParse(client, Encoding.UTF8.GetBytes(body), out var parsed));
        var routed = new RoutedRequest("id", endpoint, "m", Encoding.UTF8.GetBytes(body)) { Parsed = parsed, AnthropicBetas = betas };

        var (request, error) = new TranslatingRequestBuilder(factory.CreateLogger<TranslatingRequestBuilder>()).Build(routed, target);

        Assert.Null(error);
        return (request!, sink);
    }
}
