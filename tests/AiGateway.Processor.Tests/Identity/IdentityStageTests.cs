using System.Text.Json;
using AiGateway.Processor.Identity;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Identity;

public sealed class IdentityStageTests
{
    private const string Config = """
        identity:
          keys_file: keys.json
          keys_reload_interval: 200ms
          jwt: { team_claim: client_id }
        teams:
          search: { allowed_models: [gpt-4o-mini], jwt_claim_values: [cognito-app-client-1] }
          platform: {}
        providers:
          openai: { kind: openai, api_key: { env: AIGW_TEST_ID_OPENAI } }
        backends:
          openai-mini: { provider: openai, model: gpt-4o-mini }
          openai-4o: { provider: openai, model: gpt-4o }
        models:
          gpt-4o-mini: { backends: [openai-mini] }
          gpt-4o: { backends: [openai-4o] }
        """;

    private const string Body = """{"model":"gpt-4o-mini","messages":[]}""";

    [Theory]
    [InlineData("x-api-key", "")]
    [InlineData("authorization", "Bearer ")]
    public async Task GatewayKey_Valid_IsAccepted(string header, string prefix)
    {
        using var config = new TempConfig(Config);
        var key = CreateKey(config, "search");
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", (header, prefix + key)), RequestBody(Body));

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, responses[1].ResponseCase);
    }

    [Theory]
    [InlineData("/v1/chat/completions", "authentication_error")]
    [InlineData("/v1/messages", "authentication_error")]
    public async Task GatewayKey_Unknown_Gets401InTheClientFormat(string path, string type)
    {
        using var config = new TempConfig(Config);
        CreateKey(config, "search");
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", path, ("x-api-key", "aigw_abcdefghij_" + new string('x', 32))));

        var immediate = Assert.Single(responses).ImmediateResponse;
        Assert.Equal(401, (int)immediate.Status.Code);
        using var json = JsonDocument.Parse(immediate.Body.Memory);
        Assert.Equal(type, json.RootElement.GetProperty("error").GetProperty("type").GetString());
        if (path == "/v1/messages")
        {
            Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task NoCredentials_Get401()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-aigw-team", "platform")));

        Assert.Equal(401, (int)Assert.Single(responses).ImmediateResponse.Status.Code);
    }

    [Fact]
    public async Task GatewayKey_Revoked_StopsWorkingWithinFiveSeconds()
    {
        using var config = new TempConfig(Config);
        var key = CreateKey(config, "search");
        await using var processor = await TestProcessor.StartAsync(config.Path);
        var first = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-api-key", key)), RequestBody(Body));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, first[1].ResponseCase);

        var path = Path.Combine(config.Directory, "keys.json");
        var content = GatewayKeyFile.Read(path);
        GatewayKeyFile.Write(path, content with { Keys = [content.Keys[0] with { RevokedAt = DateTimeOffset.UtcNow }] });
        var revokedAt = DateTime.UtcNow;

        var status = 0;
        while (DateTime.UtcNow - revokedAt < TimeSpan.FromSeconds(5))
        {
            var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-api-key", key)));
            status = responses[0].ImmediateResponse?.Status is { } s ? (int)s.Code : 0;
            if (status == 401)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal(401, status);
    }

    [Fact]
    public void GatewayKey_Expired_IsRefused()
    {
        using var config = new TempConfig(Config);
        var path = Path.Combine(config.Directory, "keys.json");
        var now = DateTimeOffset.UtcNow;
        var (key, record) = GatewayKeyFormat.Create("search", null, now, now.AddMinutes(1), []);
        GatewayKeyFile.Write(path, new GatewayKeyFileContent { Keys = [record] });
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);
        using var store = new AiGateway.Processor.Configuration.GatewayConfigStore(config.Path, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<AiGateway.Processor.Configuration.GatewayConfigStore>.Instance);
        using var verifier = new GatewayKeyVerifier(store, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<GatewayKeyVerifier>.Instance);

        Assert.Equal(KeyCheckStatus.Valid, verifier.Check(key).Status);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(KeyCheckStatus.Expired, verifier.Check(key).Status);
        Assert.Equal(KeyCheckStatus.Unknown, verifier.Check(key[..^1] + (key[^1] == 'a' ? 'b' : 'a')).Status);
    }

    [Fact]
    public async Task Jwt_ClaimMapsToTeam_AndTeamModelListIsEnforced()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var allowed = await processor.ExchangeAsync(WithJwt(RequestHeaders("POST", "/v1/chat/completions"), "cognito-app-client-1"), WithJwt(RequestBody(Body), "cognito-app-client-1"));
        var denied = await processor.ExchangeAsync(WithJwt(RequestHeaders("POST", "/v1/chat/completions"), "cognito-app-client-1"), RequestBody("""{"model":"gpt-4o","messages":[]}"""));

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, allowed[1].ResponseCase);
        Assert.Equal(403, (int)denied[1].ImmediateResponse.Status.Code);
        using var error = JsonDocument.Parse(denied[1].ImmediateResponse.Body.Memory);
        Assert.Contains("may not use the model 'gpt-4o'", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("permission_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Jwt_UnknownTeam_Gets403()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var responses = await processor.ExchangeAsync(WithJwt(RequestHeaders("POST", "/v1/messages"), "some-other-app"));

        Assert.Equal(403, (int)Assert.Single(responses).ImmediateResponse.Status.Code);
    }

    [Fact]
    public async Task ClientSentIdentityHeaders_AreIgnored()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path, services => services.AddSingleton<AiGateway.Processor.ExtProc.IExchangeEndObserver>(new CallerCapture()));

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-aigw-team", "admin"), ("x-aigw-caller", "root")), RequestBody(Body));

        Assert.Contains("x-aigw-team", responses[0].RequestHeaders.Response.HeaderMutation.RemoveHeaders);
        Assert.Contains("x-aigw-caller", responses[0].RequestHeaders.Response.HeaderMutation.RemoveHeaders);
        var capture = (CallerCapture)processor.Services.GetServices<AiGateway.Processor.ExtProc.IExchangeEndObserver>().Single(o => o is CallerCapture);
        var caller = await capture.Seen.Task.WaitAsync(TestProcessor.Timeout);
        Assert.Equal("dev", caller!.Team);
    }

    private static ProcessingRequest WithJwt(ProcessingRequest request, string clientId)
    {
        var payload = new Struct { Fields = { ["sub"] = Value.ForString("user-1"), ["client_id"] = Value.ForString(clientId) } };
        request.MetadataContext.FilterMetadata["envoy.filters.http.jwt_authn"] = new Struct { Fields = { ["jwt_payload"] = Value.ForStruct(payload) } };
        return request;
    }

    private static string CreateKey(TempConfig config, string team)
    {
        var (key, record) = GatewayKeyFormat.Create(team, "test", DateTimeOffset.UtcNow, null, []);
        GatewayKeyFile.Write(Path.Combine(config.Directory, "keys.json"), new GatewayKeyFileContent { Keys = [record] });
        return key;
    }

    private sealed class CallerCapture : AiGateway.Processor.ExtProc.IExchangeEndObserver
    {
        public TaskCompletionSource<Caller?> Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnExchangeEnd(AiGateway.Processor.ExtProc.Exchange exchange) => Seen.TrySetResult(exchange.Caller);
    }
}
