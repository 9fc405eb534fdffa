using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiGateway.FakeProviders.SigV4;

namespace AiGateway.FakeProviders.Tests.Support;

/// <summary>
/// One fake server per test plus HTTP/1.1 and HTTP/2 (prior knowledge) clients pointed at it, and a
/// Bedrock request builder that signs with the test credentials.
/// </summary>
internal sealed class FakeTestHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private FakeTestHost(FakeProviderServer server)
    {
        Server = server;
        // No draining of abandoned responses: tests that stop reading a slow stream would wait for it.
        Http1 = new HttpClient(new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.Zero }) { BaseAddress = server.Http1Address, Timeout = Timeout };
        Http2 = new HttpClient(new SocketsHttpHandler())
        {
            BaseAddress = server.Http2Address,
            Timeout = Timeout,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public FakeProviderServer Server { get; }

    public HttpClient Http1 { get; }

    public HttpClient Http2 { get; }

    public FakeCredentials Credentials => Server.Credentials;

    public static async Task<FakeTestHost> StartAsync(FakeProviderOptions? options = null) =>
        new(await FakeProviderServer.StartAsync(options).WaitAsync(Timeout));

    public static HttpRequestMessage Json(string path, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public HttpRequestMessage OpenAi(string body) => Json("/v1/chat/completions", body, ("Authorization", "Bearer " + Credentials.OpenAiApiKey));

    public HttpRequestMessage Anthropic(string body, string path = "/v1/messages") =>
        Json(path, body, ("x-api-key", Credentials.AnthropicApiKey), ("anthropic-version", "2023-06-01"));

    /// <summary>A Bedrock request signed like botocore does (§6.3: content-type, host, x-amz-date, token).</summary>
    public HttpRequestMessage Bedrock(string rawPath, string body, Action<HttpRequestMessage>? afterSigning = null, string? secretAccessKey = null, bool withSessionToken = true, bool http2 = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var address = http2 ? Server.Http2Address : Server.Http1Address;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, rawPath)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var host = address.Authority;
        var amzDate = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var headers = new List<KeyValuePair<string, string>> { new("content-type", "application/json"), new("host", host), new("x-amz-date", amzDate) };
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        if (withSessionToken && Credentials.AwsSessionToken is { } token)
        {
            headers.Add(new("x-amz-security-token", token));
            request.Headers.TryAddWithoutValidation("x-amz-security-token", token);
        }

        var signable = new AwsSigV4Request("POST", rawPath, string.Empty, headers, bytes);
        var authorization = AwsSigV4Signer.Sign(signable, Credentials.AwsAccessKeyId, secretAccessKey ?? Credentials.AwsSecretAccessKey, Credentials.AwsRegion, "bedrock", headers.Select(header => header.Key));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        afterSigning?.Invoke(request);
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool http2 = false, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using (request)
        {
            if (http2)
            {
                // DefaultRequestVersion only applies to the client's helper methods, not to a prepared message.
                request.Version = HttpVersion.Version20;
                request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            }

            return await (http2 ? Http2 : Http1).SendAsync(request, completion).WaitAsync(Timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http1.Dispose();
        Http2.Dispose();
        await Server.DisposeAsync();
    }
}
