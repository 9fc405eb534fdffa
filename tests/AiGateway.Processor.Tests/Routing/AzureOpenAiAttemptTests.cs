using System.Text;
using System.Text.Json;
using AiGateway.Processor.Tests.Infrastructure;
using Grpc.Core;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Routing;

/// <summary>
/// Azure OpenAI as a provider (provider-apis.md §1, docs/providers.md): the deployment and <c>api-version</c> in the
/// path, the key in <c>api-key</c>, the OpenAI body passed byte for byte except the patched model.
/// </summary>
public sealed class AzureOpenAiAttemptTests
{
    private const string Config = """
        identity: { anonymous_team: dev }
        teams: { dev: {} }
        providers:
          azure: { kind: azure-openai, endpoint: "https://contoso.openai.azure.com", api_version: 2025-01-01-preview, api_key: { env: AIGW_TEST_AZURE_KEY } }
        backends:
          azure-gpt: { provider: azure, model: "gpt-4o prod" }
        models:
          gpt-4o: { backends: [azure-gpt] }
        """;

    [Fact]
    public async Task OpenAiClient_AzureBackend_DeploymentPathApiVersionApiKey_BodyByteIdenticalExceptModel()
    {
        // Odd spacing and member order on purpose: passthrough must not re-serialize.
        const string body = """{"messages":[{"role":"user","content":"hi"}],  "temperature":0.5,"model":"gpt-4o","user":"u-1","x_vendor_field":{"a":1}}""";
        var (attempt, sent) = await AttemptAsync("/v1/chat/completions", body);

        Assert.Equal("/openai/deployments/gpt-4o%20prod/chat/completions?api-version=2025-01-01-preview", SetHeader(attempt.HeaderMutation, ":path"));
        Assert.Equal("contoso.openai.azure.com", SetHeader(attempt.HeaderMutation, ":authority"));
        Assert.Equal("sk-azure-provider-key", SetHeader(attempt.HeaderMutation, "api-key"));
        Assert.Contains("authorization", attempt.HeaderMutation.RemoveHeaders);
        Assert.Null(SetHeader(attempt.HeaderMutation, "x-api-key"));
        Assert.Equal(body.Replace("\"model\":\"gpt-4o\"", "\"model\":\"gpt-4o prod\"", StringComparison.Ordinal), sent);
    }

    [Fact]
    public async Task AnthropicClient_AzureBackend_BridgedToAnOpenAiBodyOnTheDeploymentPath()
    {
        const string body = """{"model":"gpt-4o","max_tokens":64,"system":"Be brief.","messages":[{"role":"user","content":"hi"}]}""";
        var (attempt, sent) = await AttemptAsync("/v1/messages", body);

        Assert.Equal("/openai/deployments/gpt-4o%20prod/chat/completions?api-version=2025-01-01-preview", SetHeader(attempt.HeaderMutation, ":path"));
        Assert.Equal("sk-azure-provider-key", SetHeader(attempt.HeaderMutation, "api-key"));
        Assert.Contains("x-api-key", attempt.HeaderMutation.RemoveHeaders);
        using var json = JsonDocument.Parse(sent);
        Assert.Equal("system", json.RootElement.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("Be brief.", json.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("user", json.RootElement.GetProperty("messages")[1].GetProperty("role").GetString());
        Assert.Contains("\"hi\"", json.RootElement.GetProperty("messages")[1].GetProperty("content").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(64, json.RootElement.GetProperty("max_completion_tokens").GetInt32());
    }

    private static async Task<(Envoy.Service.ExtProc.V3.CommonResponse Attempt, string Body)> AttemptAsync(string path, string body)
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_AZURE_KEY", "sk-azure-provider-key");
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);
        using var router = processor.Client.Process();
        await router.RequestStream.WriteAsync(RequestHeaders("POST", path, ("x-request-id", "rid-az"), ("authorization", "Bearer sk-client-own-key"), ("x-api-key", "client-key"), ("anthropic-version", "2023-06-01")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await router.RequestStream.WriteAsync(RequestBody(body));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));

        var responses = await processor.ExchangeAsync(UpstreamRequestHeaders("azure-gpt", ("x-aigw-request-id", "rid-az"), ("authorization", "Bearer sk-client-own-key"), ("x-api-key", "client-key")));
        var attempt = responses[0].RequestHeaders.Response;
        await router.RequestStream.CompleteAsync();
        Assert.False(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        return (attempt, Encoding.UTF8.GetString(attempt.BodyMutation.Body.Span));
    }
}
