using System.Text;
using AiGateway.Processor.Credentials;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Routing;
using AiGateway.Processor.Tests.Infrastructure;
using AiGateway.Processor.Translation;
using Amazon.Runtime;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Routing;

public sealed class UpstreamAttemptStageTests
{
    private const string Config = """
        identity: { anonymous_team: dev }
        teams: { dev: {} }
        providers:
          openai: { kind: openai, api_key: { env: AIGW_TEST_UPSTREAM_OPENAI_KEY } }
          bedrock: { kind: bedrock, region: us-east-1 }
        backends:
          bedrock-claude: { provider: bedrock, model: "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-v1:0" }
          openai-mini: { provider: openai, model: gpt-4o-mini }
        models:
          claude-sonnet: { backends: [bedrock-claude, openai-mini] }
        """;

    private static readonly ImmutableCredentials Aws = new("AKIDTEST", "test-secret", "test-token");

    [Fact]
    public async Task Attempts_EachTranslateTheOriginal_InjectProviderCredentials_AndDropClientOnes()
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_UPSTREAM_OPENAI_KEY", "sk-provider-openai-key");
        using var config = new TempConfig(Config);
        var builder = new RecordingBuilder();
        await using var processor = await TestProcessor.StartAsync(config.Path, services =>
        {
            services.AddSingleton<IProviderRequestBuilder>(builder);
            services.AddSingleton<IExchangeStage, UpstreamAttemptStage>();
            services.RemoveAll<IAwsCredentialSource>();
            services.AddSingleton<IAwsCredentialSource>(new FixedCredentials());
        });
        const string body = """{"model":"claude-sonnet","messages":[{"role":"user","content":"hi"}]}""";

        // Router level: headers then body; keep the stream open like Envoy does while attempts run.
        using var router = processor.Client.Process();
        await router.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "rid-1"), ("authorization", "Bearer sk-client-own-key")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await router.RequestStream.WriteAsync(RequestBody(body));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));

        var first = await processor.ExchangeAsync(UpstreamRequestHeaders("bedrock-claude", ("x-aigw-request-id", "rid-1"), ("authorization", "Bearer sk-client-own-key"), ("x-api-key", "client")));
        var second = await processor.ExchangeAsync(UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "rid-1"), ("authorization", "Bearer sk-client-own-key")));

        var bedrock = first[0].RequestHeaders.Response;
        Assert.Equal(CommonResponse.Types.ResponseStatus.ContinueAndReplace, bedrock.Status);
        Assert.Equal("bedrock-runtime.us-east-1.amazonaws.com", SetHeader(bedrock.HeaderMutation, ":authority"));
        Assert.Equal("/model/bedrock-claude/converse", SetHeader(bedrock.HeaderMutation, ":path"));
        Assert.Contains("authorization", bedrock.HeaderMutation.RemoveHeaders);
        Assert.Contains("x-api-key", bedrock.HeaderMutation.RemoveHeaders);
        Assert.Equal("test-token", SetHeader(bedrock.HeaderMutation, "x-amz-security-token"));
        var signed = new AwsSigningRequest("POST", "bedrock-runtime.us-east-1.amazonaws.com", "/model/bedrock-claude/converse", "", [new("content-type", "application/json")], bedrock.BodyMutation.Body.ToByteArray(), "us-east-1", "bedrock");
        var date = DateTime.ParseExact(SetHeader(bedrock.HeaderMutation, "x-amz-date")!, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.Equal(AwsSigV4Signer.Sign(signed, Aws, date).Single(h => h.Key == "authorization").Value, SetHeader(bedrock.HeaderMutation, "authorization"));
        Assert.Equal(bedrock.BodyMutation.Body.Length, first[0].DynamicMetadata.Fields["aigw"].StructValue.Fields["content_length"].NumberValue);

        var openai = second[0].RequestHeaders.Response;
        Assert.Equal("Bearer sk-provider-openai-key", SetHeader(openai.HeaderMutation, "authorization"));
        Assert.Equal("api.openai.com", SetHeader(openai.HeaderMutation, ":authority"));

        // Both attempts were built from the original client body, and the last attempt is the one that answers.
        Assert.Equal([body, body], builder.Inputs);
        Assert.True(processor.Services.GetRequiredService<RequestStore>().TryGet("rid-1", out var routed));
        Assert.Equal(["bedrock-claude", "openai-mini"], routed.AttemptedBackends());
        Assert.Equal("openai-mini", routed.LastAttempt!.BackendName);

        await router.RequestStream.CompleteAsync();
        Assert.False(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
    }

    [Fact]
    public async Task Attempt_UnknownRequestId_Answers500AndLogs()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path, services =>
        {
            services.AddSingleton<IProviderRequestBuilder>(new RecordingBuilder());
            services.AddSingleton<IExchangeStage, UpstreamAttemptStage>();
        });
        processor.Logs.AllowErrors("AttemptWithoutRequest");

        var responses = await processor.ExchangeAsync(UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "nobody")));

        Assert.Equal(500, (int)responses[0].ImmediateResponse.Status.Code);
        Assert.Contains(processor.Logs.Entries, e => e.EventName == "AttemptWithoutRequest");
    }

    [Fact]
    public async Task RouterStreamEnds_SavedRequestIsReleased()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);

        await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "rid-9")), RequestBody("""{"model":"claude-sonnet","messages":[]}"""));

        var store = processor.Services.GetRequiredService<RequestStore>();
        var deadline = DateTime.UtcNow + TestProcessor.Timeout;
        while (store.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, store.Count);
    }

    private sealed class RecordingBuilder : IProviderRequestBuilder
    {
        public List<string> Inputs { get; } = [];

        public (AttemptRequest? Request, GatewayError? Error) Build(RoutedRequest request, BackendTarget target)
        {
            lock (Inputs)
            {
                Inputs.Add(Encoding.UTF8.GetString(request.OriginalBody.Span));
            }

            var path = target.Provider.Kind == AiGateway.Processor.Configuration.ProviderKind.Bedrock ? $"/model/{target.BackendName}/converse" : "/v1/chat/completions";
            return (new AttemptRequest(path, Encoding.UTF8.GetBytes($$"""{"for":"{{target.BackendName}}"}"""), "application/json"), null);
        }
    }

    private sealed class FixedCredentials : IAwsCredentialSource
    {
        public ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) => new(Aws);
    }
}
