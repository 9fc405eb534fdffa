using AiGateway.FakeProviders;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Credentials;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Guardrails;
using Amazon.Runtime;
using AiGateway.Processor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Processor.Tests.Guardrails;

/// <summary>ApplyGuardrail against the fake Bedrock endpoint, which verifies the SigV4 signature of every call.</summary>
public sealed class BedrockGuardrailClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync().WaitAsync(Timeout);

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData("INPUT")]
    [InlineData("OUTPUT")]
    public async Task Apply_None_Passes_AndTheRequestWasSigned(string source)
    {
        var verdict = await Client().ApplyAsync(Guardrail("plain"), Direction(source), ["Hello, world!"], CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(BedrockGuardrailOutcome.None, verdict.Outcome);
        var received = Assert.Single(_fake.ReceivedRequests);
        Assert.Equal("/guardrail/plain/version/1/apply", received.Path);
        Assert.Equal(200, received.ResponseStatus);
        Assert.Contains($"\"source\":\"{source}\"", System.Text.Encoding.UTF8.GetString(received.Body.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INPUT")]
    [InlineData("OUTPUT")]
    public async Task Apply_Intervened_Blocks(string source)
    {
        var verdict = await Client().ApplyAsync(Guardrail("intervened"), Direction(source), ["how to pick a lock"], CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(BedrockGuardrailOutcome.Blocked, verdict.Outcome);
    }

    [Theory]
    [InlineData("INPUT")]
    [InlineData("OUTPUT")]
    public async Task Apply_Anonymized_ReturnsOneMaskedOutputPerText(string source)
    {
        var verdict = await Client().ApplyAsync(Guardrail("anonymized"), Direction(source), ["mail john@example.com", "no pii"], CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(BedrockGuardrailOutcome.Anonymized, verdict.Outcome);
        Assert.Equal(["mail {EMAIL}", "no pii"], verdict.Outputs);
    }

    [Fact]
    public async Task Apply_WrongSecret_IsRejectedBySigV4Check()
    {
        var client = new BedrockGuardrailClient(new HttpClient(), new Credentials(new ImmutableCredentials(_fake.Credentials.AwsAccessKeyId, "not-the-secret", null)), TimeProvider.System);

        var error = await Assert.ThrowsAsync<BedrockGuardrailException>(() => client.ApplyAsync(Guardrail("plain"), GuardrailDirection.Request, ["hi"], CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal("InvalidSignatureException", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gate_SlowGuardrail_TimesOut_FailsClosedOrOpen(bool failOpen)
    {
        BedrockGuardrailOutcome? outcome = failOpen ? BedrockGuardrailOutcome.None : null;
        var recorded = failOpen ? GuardrailAction.Detect : GuardrailAction.Block;
        var gate = new BedrockGuardrailGate(Client(), TimeProvider.System, NullLogger<BedrockGuardrailGate>.Instance);
        var policy = new GuardrailPolicy("aws", new GuardrailPolicyConfig { Bedrock = Guardrail("slow") with { Timeout = TimeSpan.FromMilliseconds(200), FailOpen = failOpen } }, new Dictionary<string, string>());
        var exchange = new Exchange(new GatewaySnapshot(new GatewayConfig(), "h", "t"), TimeProvider.System);

        var verdict = await gate.CheckAsync(exchange, policy, GuardrailDirection.Request, ["hi"], CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(outcome, verdict?.Outcome);
        Assert.Equal([new GuardrailDecision("aws", BedrockGuardrailGate.UnavailableRule, recorded, GuardrailDirection.Request)], exchange.GuardrailDecisions);
    }

    [Theory]
    [InlineData("anonymized", "write to {EMAIL}", null)]
    [InlineData("intervened", null, 400)]
    [InlineData("slow", null, 503)]
    public async Task RequestStage_AppliesTheBedrockVerdict(string guardrailId, string? sent, int? status)
    {
        var yaml = $$"""
            identity: { anonymous_team: dev }
            teams: { dev: {} }
            providers:
              openai: { kind: openai, api_key: { env: AIGW_TEST_GUARD_OPENAI_KEY } }
            backends:
              openai-mini: { provider: openai, model: gpt-4o-mini }
            models:
              gpt-4o-mini: { backends: [openai-mini] }
            guardrails:
              policies:
                aws:
                  bedrock: { guardrail_id: {{guardrailId}}, version: "1", region: us-east-1, endpoint: "{{_fake.Http1Address}}", timeout: 300ms, directions: [request] }
            """;
        Environment.SetEnvironmentVariable("AIGW_TEST_GUARD_OPENAI_KEY", "sk-provider-test");
        using var config = new TempConfig(yaml);
        await using var processor = await TestProcessor.StartAsync(config.Path, services =>
        {
            services.RemoveAll<IAwsCredentialSource>();
            services.AddSingleton<IAwsCredentialSource>(new Credentials(new ImmutableCredentials(_fake.Credentials.AwsAccessKeyId, _fake.Credentials.AwsSecretAccessKey, null)));
        });

        using var router = processor.Client.Process();
        await router.RequestStream.WriteAsync(EnvoyMessages.RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "rid-bedrock")));
        Assert.True(await router.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        await router.RequestStream.WriteAsync(EnvoyMessages.RequestBody("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"write to ann@example.com"}]}"""));
        Assert.True(await router.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        if (status is { } expected)
        {
            Assert.Equal(expected, (int)router.ResponseStream.Current.ImmediateResponse.Status.Code);
        }
        else
        {
            var attempt = await processor.ExchangeAsync(EnvoyMessages.UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "rid-bedrock")));
            Assert.Contains($"\"content\":\"{sent}\"", attempt[0].RequestHeaders.Response.BodyMutation.Body.ToStringUtf8(), StringComparison.Ordinal);
            await router.RequestStream.CompleteAsync();
        }
    }

    private static GuardrailDirection Direction(string source) => source == "INPUT" ? GuardrailDirection.Request : GuardrailDirection.Response;

    private BedrockGuardrailConfig Guardrail(string id) => new() { GuardrailId = id, Version = "1", Region = "us-east-1", Endpoint = _fake.Http1Address };

    private BedrockGuardrailClient Client() =>
        new(new HttpClient(), new Credentials(new ImmutableCredentials(_fake.Credentials.AwsAccessKeyId, _fake.Credentials.AwsSecretAccessKey, "session-token")), TimeProvider.System);

    private sealed class Credentials(ImmutableCredentials credentials) : IAwsCredentialSource
    {
        public ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) => new(credentials);
    }
}
