using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Identity;

/// <summary>
/// ALB mode: <c>x-amzn-oidc-data</c> verified against a locally generated P-256 key served by a tiny loopback
/// endpoint standing in for <c>public-keys.auth.elb.{region}.amazonaws.com</c>.
/// </summary>
public sealed class AlbIdentityTests : IAsyncLifetime
{
    private const string Arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/aigw/50dc6c495c0c9188";
    private const string Kid = "5f7a2b1c-0d3e-4f60-8a9b-1c2d3e4f5a6b";
    private const string Body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
    private readonly ECDsa _albKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private WebApplication? _keyServer;
    private int _keyFetches;

    private string Config => $$"""
        identity:
          alb: { signer_arn: "{{Arn}}", public_keys_url: "{{_keyServer!.Urls.First()}}", team_claim: groups }
        teams:
          search: { allowed_models: [gpt-4o-mini] }
        providers:
          openai: { kind: openai, api_key: { env: AIGW_TEST_ALB_OPENAI } }
        backends:
          openai-mini: { provider: openai, model: gpt-4o-mini }
          openai-4o: { provider: openai, model: gpt-4o }
        models:
          gpt-4o-mini: { backends: [openai-mini] }
          gpt-4o: { backends: [openai-4o] }
        """;

    [Fact]
    public async Task ValidToken_MapsTheTeam_KeyIsFetchedOnce_AndAlbHeadersNeverGoUpstream()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);
        var token = Token(_albKey);

        var first = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-amzn-oidc-data", token), ("x-amzn-oidc-accesstoken", "access"), ("x-amzn-oidc-identity", "u-1")), RequestBody(Body));
        var second = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("x-amzn-oidc-data", token)), RequestBody(Body.Replace("gpt-4o-mini", "gpt-4o", StringComparison.Ordinal)));

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, first[1].ResponseCase);
        Assert.Equal(["x-amzn-oidc-data", "x-amzn-oidc-accesstoken", "x-amzn-oidc-identity"], first[0].RequestHeaders.Response.HeaderMutation.RemoveHeaders);

        // Team 'search' may not use gpt-4o: the caller was mapped to it.
        Assert.Equal(403, (int)second[1].ImmediateResponse.Status.Code);
        Assert.Equal(1, Volatile.Read(ref _keyFetches));
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "forged", "/v1/chat/completions" },
        { "forged", "/v1/messages" },
        { "alg-none", "/v1/chat/completions" },
        { "alg-none-signed", "/v1/messages" },
        { "wrong-signer", "/v1/chat/completions" },
        { "expired", "/v1/messages" },
        { "unknown-kid", "/v1/chat/completions" },
        { "garbage", "/v1/chat/completions" },
        { "tampered-payload", "/v1/messages" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadToken_Gets401InTheClientsFormat(string kind, string path)
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);
        var token = kind switch
        {
            "forged" => Token(_otherKey),
            "alg-none" => Unsigned(),
            "alg-none-signed" => Token(_albKey, alg: "none"),
            "wrong-signer" => Token(_albKey, signer: Arn.Replace("aigw", "other", StringComparison.Ordinal)),
            "expired" => Token(_albKey, expiresIn: TimeSpan.FromSeconds(-1)),
            "unknown-kid" => Token(_albKey, kid: "00000000-0000-0000-0000-000000000000"),
            "tampered-payload" => Tamper(Token(_albKey)),
            _ => "not.a.jwt",
        };

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", path, ("x-amzn-oidc-data", token)), RequestBody(Body));

        var immediate = Assert.Single(responses).ImmediateResponse;
        Assert.Equal(401, (int)immediate.Status.Code);
        using var json = JsonDocument.Parse(immediate.Body.Memory);
        Assert.Equal("authentication_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("The load balancer's identity token was not accepted.", json.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _keyServer = builder.Build();
        var pem = _albKey.ExportSubjectPublicKeyInfoPem();
        _keyServer.MapGet("/{kid}", (string kid) =>
        {
            Interlocked.Increment(ref _keyFetches);
            return kid == Kid ? Results.Text(pem, "application/x-pem-file") : Results.NotFound();
        });
        await _keyServer.StartAsync().WaitAsync(TestProcessor.Timeout);
    }

    public async Task DisposeAsync()
    {
        await _keyServer!.DisposeAsync();
        _albKey.Dispose();
        _otherKey.Dispose();
    }

    private static string Token(ECDsa key, string alg = "ES256", string signer = Arn, string kid = Kid, TimeSpan? expiresIn = null)
    {
        var exp = DateTimeOffset.UtcNow.Add(expiresIn ?? TimeSpan.FromMinutes(2)).ToUnixTimeSeconds();
        var header = Part($$"""{"typ":"JWT","kid":"{{kid}}","alg":"{{alg}}","iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x","client":"app-client","signer":"{{signer}}","exp":{{exp}}}""");
        var payload = Part($$"""{"sub":"user-1","email":"a@example.com","groups":["staff","search"],"exp":{{exp}},"iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x"}""");
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256);
        return $"{header}.{payload}.{Pad(Base64Url.EncodeToString(signature))}";
    }

    private static string Unsigned()
    {
        var token = Token(ECDsa.Create(ECCurve.NamedCurves.nistP256), alg: "none");
        return token[..(token.LastIndexOf('.') + 1)];
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        parts[1] = Part("""{"sub":"admin","groups":["search"],"exp":9999999999}""");
        return string.Join('.', parts);
    }

    // The ALB pads its base64url parts with '=' (AWS docs); the verifier must accept that.
    private static string Part(string json) => Pad(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json)));

    private static string Pad(string base64Url) => base64Url.PadRight((base64Url.Length + 3) / 4 * 4, '=');
}
