using System.Globalization;
using System.Text;
using AiGateway.Processor.Credentials;
using AiGateway.Processor.Routing;
using AiGateway.Processor.Tests.Infrastructure;
using Amazon.Runtime;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Routing;

/// <summary>
/// The single-backend fast path (adr/016): a <c>fast_path</c> model's request is translated and signed in the
/// router-level request-body answer, with the same translator code as the upstream-level attempt, so its Envoy cluster
/// needs no upstream ext_proc stream.
/// </summary>
public sealed class SingleBackendRequestStageTests
{
    private const string Config = """
        identity: { anonymous_team: dev }
        teams: { dev: {} }
        providers:
          openai: { kind: openai, api_key: { env: AIGW_TEST_FASTPATH_OPENAI_KEY } }
          bedrock: { kind: bedrock, region: us-east-1 }
        backends:
          openai-mini: { provider: openai, model: gpt-4o-mini }
          bedrock-claude: { provider: bedrock, model: us.anthropic.claude-sonnet-4-20250514-v1:0, api: converse }
        models:
          mini-fast: { backends: [openai-mini], fast_path: true }
          mini: { backends: [openai-mini] }
          claude-fast: { backends: [bedrock-claude], fast_path: true }
          gpt-4o-mini: { backends: [openai-mini], fast_path: true }
        """;

    private const string MaskingConfig = Config + """

        guardrails:
          policies:
            pii:
              rules:
                - { detector: email, action: mask }
        """;

    private static readonly ImmutableCredentials Aws = new("AKIDTEST", "test-secret", "test-token");

    private static string ChatBody(string model, bool stream = false) =>
        $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Hello there"}]}""";

    [Fact]
    public async Task FastPath_RouterBodyAnswer_CarriesWhatTheUpstreamAttemptWouldSend()
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_FASTPATH_OPENAI_KEY", "sk-provider-key");
        using var config = new TempConfig(Config);
        await using var processor = await StartAsync(config.Path);

        // Fast path: one router-level stream, the provider's request in its body answer.
        var fast = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "fast-1"), ("authorization", "Bearer client-key")),
            RequestBody(ChatBody("mini-fast")));

        // Two streams: the router routes, the upstream attempt translates and signs.
        using var router = processor.Client.Process();
        await router.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "slow-1"), ("authorization", "Bearer client-key")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await router.RequestStream.WriteAsync(RequestBody(ChatBody("mini")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        var routed = router.ResponseStream.Current.RequestBody.Response;
        var attempt = (await processor.ExchangeAsync(UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "slow-1"))))[0].RequestHeaders.Response;

        var answer = fast[1].RequestBody.Response;
        Assert.Null(routed.BodyMutation);
        Assert.True(answer.ClearRouteCache);
        Assert.Equal("mini-fast", SetHeader(answer.HeaderMutation, "x-aigw-route"));
        Assert.Equal(attempt.BodyMutation.Body.ToStringUtf8(), answer.BodyMutation.Body.ToStringUtf8());
        foreach (var name in new[] { ":path", "content-type", "accept", "authorization" })
        {
            Assert.Equal(SetHeader(attempt.HeaderMutation, name), SetHeader(answer.HeaderMutation, name));
        }

        Assert.Equal("Bearer sk-provider-key", SetHeader(answer.HeaderMutation, "authorization"));
        Assert.Contains("authorization", answer.HeaderMutation.RemoveHeaders);

        // BUFFERED with headers SEND keeps content-length: the body answer must carry the new one (§0.3).
        Assert.Equal(answer.BodyMutation.Body.Length.ToString(CultureInfo.InvariantCulture), SetHeader(answer.HeaderMutation, "content-length"));

        // The router-level filter may not set :authority (§0.6), and Envoy still routes on the internal headers.
        Assert.Null(SetHeader(answer.HeaderMutation, ":authority"));
        Assert.DoesNotContain("x-aigw-route", answer.HeaderMutation.RemoveHeaders);
        await router.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task FastPath_Bedrock_SignedForTheBackendHost_AndTheResponseIsTranslatedBack()
    {
        using var config = new TempConfig(Config);
        await using var processor = await StartAsync(config.Path);
        const string converse = """{"output":{"message":{"role":"assistant","content":[{"text":"Hi back"}]}},"stopReason":"end_turn","usage":{"inputTokens":5,"outputTokens":2,"totalTokens":7}}""";

        var responses = await processor.ExchangeAsync(
            RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "fast-bedrock")),
            RequestBody(ChatBody("claude-fast")),
            ResponseHeaders(200, ("content-type", "application/json"), ("content-length", Encoding.UTF8.GetByteCount(converse).ToString(CultureInfo.InvariantCulture))),
            ResponseBody(converse));

        var answer = responses[1].RequestBody.Response;
        var path = SetHeader(answer.HeaderMutation, ":path")!;
        Assert.StartsWith("/model/", path, StringComparison.Ordinal);
        Assert.EndsWith("/converse", path, StringComparison.Ordinal);
        var signing = new AwsSigningRequest("POST", "bedrock-runtime.us-east-1.amazonaws.com", path, "", [new("content-type", "application/json")], answer.BodyMutation.Body.ToByteArray(), "us-east-1", "bedrock");
        var date = DateTime.ParseExact(SetHeader(answer.HeaderMutation, "x-amz-date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.Equal(AwsSigV4Signer.Sign(signing, Aws, date).Single(h => h.Key == "authorization").Value, SetHeader(answer.HeaderMutation, "authorization"));

        var client = responses[3].ResponseBody.Response.BodyMutation.Body.ToStringUtf8();
        Assert.Contains("\"object\":\"chat.completion\"", client, StringComparison.Ordinal);
        Assert.Contains("Hi back", client, StringComparison.Ordinal);
        Assert.Equal("bedrock-claude", responses[3].DynamicMetadata.Fields["aigw"].StructValue.Fields["backend"].StringValue);
    }

    [Fact]
    public async Task FastPath_UpstreamFilterPresentAnyway_ForwardsTheRoutersRequest_OnlyARetryTranslatesAgain()
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_FASTPATH_OPENAI_KEY", "sk-provider-key");
        using var config = new TempConfig(Config);
        await using var processor = await StartAsync(config.Path);

        using var router = processor.Client.Process();
        await router.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "both-1")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await router.RequestStream.WriteAsync(RequestBody(ChatBody("mini-fast")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        var first = (await processor.ExchangeAsync(UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "both-1"))))[0].RequestHeaders.Response;
        var retry = (await processor.ExchangeAsync(UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "both-1"))))[0].RequestHeaders.Response;

        Assert.Equal(CommonResponse.Types.ResponseStatus.Continue, first.Status);
        Assert.Null(first.BodyMutation);
        Assert.Equal("api.openai.com", SetHeader(first.HeaderMutation, ":authority"));
        Assert.Contains("x-aigw-route", first.HeaderMutation.RemoveHeaders);
        Assert.Contains("x-aigw-request-id", first.HeaderMutation.RemoveHeaders);
        Assert.Equal(CommonResponse.Types.ResponseStatus.ContinueAndReplace, retry.Status);
        Assert.True(processor.Services.GetRequiredService<RequestStore>().TryGet("both-1", out var routed));
        Assert.Equal(["openai-mini", "openai-mini"], routed.AttemptedBackends());
        await router.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task NotFastPath_RouterBodyAnswer_OnlyRoutes()
    {
        var answer = await RouterBodyAnswerAsync(Config, "slow-2", ChatBody("mini"));

        Assert.Null(answer.BodyMutation);
        Assert.Null(SetHeader(answer.HeaderMutation, ":path"));
        Assert.Equal("mini", SetHeader(answer.HeaderMutation, "x-aigw-route"));
    }

    [Fact]
    public async Task FastPath_PassthroughBodyAlreadyAsTheProviderTakesIt_AnsweredWithoutABody()
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_FASTPATH_OPENAI_KEY", "sk-provider-key");
        using var config = new TempConfig(Config);
        await using var processor = await StartAsync(config.Path);

        // The public model name is the backend's model id: the model patch writes the bytes the body already has.
        using var router = processor.Client.Process();
        await router.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", "same-1"), ("authorization", "Bearer client-key")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await router.RequestStream.WriteAsync(RequestBody(ChatBody("gpt-4o-mini")));
        Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        var answer = router.ResponseStream.Current.RequestBody.Response;

        // Envoy forwards its own bytes with its own content-length; everything else is the provider's request.
        Assert.Null(answer.BodyMutation);
        Assert.Null(SetHeader(answer.HeaderMutation, "content-length"));
        Assert.Equal("/v1/chat/completions", SetHeader(answer.HeaderMutation, ":path"));
        Assert.Equal("Bearer sk-provider-key", SetHeader(answer.HeaderMutation, "authorization"));
        Assert.Contains("authorization", answer.HeaderMutation.RemoveHeaders);

        // A retry through an upstream-level stream still carries the body (a headers answer replaces it, §0.3).
        var first = (await processor.ExchangeAsync(UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "same-1"))))[0].RequestHeaders.Response;
        var retry = (await processor.ExchangeAsync(UpstreamRequestHeaders("openai-mini", ("x-aigw-request-id", "same-1"))))[0].RequestHeaders.Response;
        Assert.Null(first.BodyMutation);
        Assert.Equal(CommonResponse.Types.ResponseStatus.ContinueAndReplace, retry.Status);
        Assert.Equal(ChatBody("gpt-4o-mini"), retry.BodyMutation.Body.ToStringUtf8());
        await router.RequestStream.CompleteAsync();
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(true, """{"include_usage":false}""")]
    [InlineData(false, null)]
    public async Task FastPath_PassthroughStreamPatched_BodyReplacedWithItsContentLength(bool stream, string? streamOptions)
    {
        var body = stream
            ? $$"""{"model":"gpt-4o-mini","stream":true,{{(streamOptions is null ? "" : $"\"stream_options\":{streamOptions},")}}"messages":[{"role":"user","content":"Hi"}]}"""
            : ChatBody("mini-fast");

        var answer = await RouterBodyAnswerAsync(Config, $"patched-{stream}-{streamOptions}", body);

        var sent = answer.BodyMutation.Body.ToStringUtf8();
        Assert.NotEqual(body, sent);
        Assert.Equal(stream, sent.Contains("\"stream_options\":{\"include_usage\":true}", StringComparison.Ordinal));
        Assert.Contains("\"model\":\"gpt-4o-mini\"", sent, StringComparison.Ordinal);
        Assert.Equal(answer.BodyMutation.Body.Length.ToString(CultureInfo.InvariantCulture), SetHeader(answer.HeaderMutation, "content-length"));
    }

    [Fact]
    public async Task FastPath_PassthroughStreamAlreadyAskingForUsage_AnsweredWithoutABody()
    {
        const string body = """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""";

        var answer = await RouterBodyAnswerAsync(Config, "usage-asked", body);

        Assert.Null(answer.BodyMutation);
        Assert.Null(SetHeader(answer.HeaderMutation, "content-length"));
        Assert.Equal("text/event-stream", SetHeader(answer.HeaderMutation, "accept"));
    }

    [Fact]
    public async Task FastPath_PassthroughMasked_SendsTheMaskedBody()
    {
        const string body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"mail jane.doe@example.com please"}]}""";

        var answer = await RouterBodyAnswerAsync(MaskingConfig, "masked-1", body);

        var sent = answer.BodyMutation.Body.ToStringUtf8();
        Assert.DoesNotContain("jane.doe@example.com", sent, StringComparison.Ordinal);
        Assert.Contains("\"model\":\"gpt-4o-mini\"", sent, StringComparison.Ordinal);
        Assert.Equal(answer.BodyMutation.Body.Length.ToString(CultureInfo.InvariantCulture), SetHeader(answer.HeaderMutation, "content-length"));
    }

    /// <summary>One fast-path-capable request through a fresh processor: the router-level request-body answer.</summary>
    private static async Task<CommonResponse> RouterBodyAnswerAsync(string config, string requestId, string body)
    {
        Environment.SetEnvironmentVariable("AIGW_TEST_FASTPATH_OPENAI_KEY", "sk-provider-key");
        using var file = new TempConfig(config);
        await using var processor = await StartAsync(file.Path);
        var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-request-id", requestId)), RequestBody(body));
        return responses[1].RequestBody.Response;
    }

    private static Task<TestProcessor> StartAsync(string configPath) => TestProcessor.StartAsync(configPath, services =>
    {
        services.RemoveAll<IAwsCredentialSource>();
        services.AddSingleton<IAwsCredentialSource>(new FixedCredentials());
    });

    private sealed class FixedCredentials : IAwsCredentialSource
    {
        public ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken) => new(Aws);
    }
}
