using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.EnvoyStandIn.Tests.Fakes;

/// <summary>A tiny provider stand-in: Kestrel on 127.0.0.1:0 that records each request and answers with <see cref="Respond"/>.</summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<UpstreamRequestRecord> Requests { get; } = new();

    /// <summary>Default: 200 with a small JSON body.</summary>
    public Func<HttpContext, UpstreamRequestRecord, Task> Respond { get; set; } = (http, _) =>
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync("{\"ok\":true}");
    };

    public static async Task<FakeUpstream> StartAsync(bool http2 = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
        var app = builder.Build();
        FakeUpstream? self = null;
        app.Run(async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var record = new UpstreamRequestRecord(http.Request.Method, http.Request.Path + http.Request.QueryString, http.Request.Protocol, headers, body.ToArray(), http.Connection.Id);
            self!.Requests.Enqueue(record);
            await self.Respond(http, record);
        });
        await app.StartAsync().WaitAsync(TestTimeouts.Default);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeUpstream(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TestTimeouts.Default);
        await _app.DisposeAsync();
    }
}
