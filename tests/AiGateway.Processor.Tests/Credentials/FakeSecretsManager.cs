using System.Collections.Concurrent;
using System.Text.Json;
using AiGateway.Processor.Credentials;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.Tests.Credentials;

/// <summary>
/// A Secrets Manager endpoint on loopback that checks the JSON 1.1 protocol headers and the SigV4 signature of
/// what it actually received (recomputed over the received method, host, path and body) before answering.
/// </summary>
internal sealed class FakeSecretsManager : IAsyncDisposable
{
    public static readonly ImmutableCredentials Credentials = new("AKIDTEST", "test-secret-access-key", "test-session-token");

    private readonly WebApplication _app;

    private FakeSecretsManager(WebApplication app)
    {
        _app = app;
    }

    public ConcurrentDictionary<string, string> Secrets { get; } = new();

    public ConcurrentQueue<string> Rejections { get; } = new();

    public int Calls;

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public static async Task<FakeSecretsManager> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSecretsManager(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref Calls);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        if (headers["X-Amz-Target"] != "secretsmanager.GetSecretValue" || context.Request.ContentType != "application/x-amz-json-1.1")
        {
            await Reject(context, "protocol headers wrong");
            return;
        }

        var signedAt = DateTime.ParseExact(headers["x-amz-date"].ToString(), "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        var signing = new AwsSigningRequest("POST", context.Request.Host.Value!, context.Request.Path.Value!, "", [new("content-type", context.Request.ContentType!), new("x-amz-target", headers["X-Amz-Target"].ToString())], body, "us-east-1", "secretsmanager");
        var expected = AwsSigV4Signer.Sign(signing, Credentials, signedAt).Single(h => h.Key == "authorization").Value;
        if (headers.Authorization != expected || headers["x-amz-security-token"] != Credentials.Token)
        {
            await Reject(context, "signature mismatch");
            return;
        }

        var secretId = JsonDocument.Parse(body).RootElement.GetProperty("SecretId").GetString()!;
        if (!Secrets.TryGetValue(secretId, out var secret))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}""");
            return;
        }

        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object> { ["ARN"] = secretId, ["Name"] = "n", ["SecretString"] = secret, ["CreatedDate"] = 1523477145.713 }));
    }

    private async Task Reject(HttpContext context, string why)
    {
        Rejections.Enqueue(why);
        context.Response.StatusCode = 400;
        await context.Response.WriteAsync("""{"__type":"InvalidSignatureException","message":"bad request"}""");
    }
}
