using System.Net;
using AiGateway.FakeProviders.Recording;
using AiGateway.FakeProviders.Scripting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace AiGateway.FakeProviders;

/// <summary>
/// Fake OpenAI, Azure OpenAI, Anthropic and Bedrock runtime on one Kestrel host on 127.0.0.1. It checks
/// what it receives (body schema, auth, SigV4), records every request and answers with scripted replies
/// rendered in the called provider's wire format.
/// </summary>
/// <remarks>
/// Two endpoints: Kestrel speaks HTTP/2 without TLS only with prior knowledge on an HTTP/2-only
/// endpoint (an Http1AndHttp2 endpoint without TLS falls back to HTTP/1.1), so HTTP/1.1 and h2c get
/// a port each.
/// </remarks>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ReplyScript _script;
    private readonly RequestLog _log;

    private FakeProviderServer(WebApplication app, ReplyScript script, RequestLog log, FakeCredentials credentials, int http1Port, int http2Port)
    {
        _app = app;
        _script = script;
        _log = log;
        Credentials = credentials;
        Http1Address = new Uri($"http://127.0.0.1:{http1Port}");
        Http2Address = new Uri($"http://127.0.0.1:{http2Port}");
    }

    /// <summary>HTTP/1.1 endpoint, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Http1Address { get; }

    /// <summary>Response header on every answer of the fake.</summary>
    public const string FakeMarkerHeader = "x-aigw-fake-provider";

    /// <summary>HTTP/2 cleartext endpoint (prior knowledge, no upgrade).</summary>
    public Uri Http2Address { get; }

    public FakeCredentials Credentials { get; }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> ReceivedRequests => _log.Snapshot();

    public static async Task<FakeProviderServer> StartAsync(FakeProviderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeProviderOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? http1 = null;
        ListenOptions? http2 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Anthropic accepts bodies up to 32 MB (§2.5); Kestrel's default limit is 30 MB.
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                http1 = listen;
            });
            kestrel.Listen(IPAddress.Loopback, options.Http2Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                http2 = listen;
            });
        });

        var app = builder.Build();
        var script = new ReplyScript();
        var log = new RequestLog();
        var dispatcher = new FakeRequestDispatcher(options, script, log);

        // Every answer says it is fake, so nobody mistakes the local gateway's embedded provider for a real one.
        app.Use((context, next) =>
        {
            context.Response.Headers[FakeMarkerHeader] = "true";
            return next(context);
        });
        app.Run(dispatcher.InvokeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        // Kestrel writes the bound endpoint back into ListenOptions, so port 0 resolves here.
        return new FakeProviderServer(app, script, log, options.Credentials, http1!.IPEndPoint!.Port, http2!.IPEndPoint!.Port);
    }

    /// <summary>Queues replies for the next requests to a provider (after any model-specific queue).</summary>
    public void Script(FakeProvider provider, params ScriptedReply[] replies) => _script.Enqueue(provider, replies);

    /// <summary>Queues replies for the next requests naming this model (body model, deployment or Bedrock model id).</summary>
    public void ScriptModel(string model, params ScriptedReply[] replies) => _script.Enqueue(model, replies);

    /// <summary>Waits for a matching request (already received or arriving later).</summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _log.WaitForAsync(predicate, timeout, cancellationToken);

    /// <summary>Forgets scripted replies and received requests.</summary>
    public void Reset()
    {
        _script.Clear();
        _log.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
