using System.Collections.Concurrent;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.EnvoyStandIn.Tests.Fakes;

/// <summary>
/// A scripted ext_proc server (grpc-dotnet, Kestrel on 127.0.0.1:0, HTTP/2 cleartext). Each test sets <see cref="Script"/>;
/// every stream is recorded in <see cref="Streams"/>.
/// </summary>
internal sealed class FakeProcessor : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeProcessor(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The script every new stream runs. Default: continue everything unchanged.</summary>
    public Func<FakeProcessorStream, Task> Script { get; set; } = stream => stream.AnswerAllAsync(Answers.Continue);

    public ConcurrentQueue<FakeProcessorStream> Streams { get; } = new();

    public FakeProcessorStream[] RouterStreams => Streams.Where(s => !s.IsUpstream).ToArray();

    public FakeProcessorStream[] UpstreamStreams => Streams.Where(s => s.IsUpstream).ToArray();

    public static async Task<FakeProcessor> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.EnableDetailedErrors = true;
        });
        FakeProcessor? self = null;
        builder.Services.AddSingleton(_ => new ScriptedService(() => self!));
        var app = builder.Build();
        app.MapGrpcService<ScriptedService>();
        await app.StartAsync().WaitAsync(TestTimeouts.Default);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeProcessor(app, new Uri(address));
        return self;
    }

    /// <summary>Waits until every stream's script has finished and Envoy cancelled it.</summary>
    public async Task WaitAllClosedAsync()
    {
        foreach (var stream in Streams)
        {
            await stream.Finished.Task.WaitAsync(TestTimeouts.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TestTimeouts.Default);
        await _app.DisposeAsync();
    }

    private sealed class ScriptedService(Func<FakeProcessor> owner) : ExternalProcessor.ExternalProcessorBase
    {
        public override async Task Process(IAsyncStreamReader<ProcessingRequest> requestStream, IServerStreamWriter<ProcessingResponse> responseStream, ServerCallContext context)
        {
            var processor = owner();
            var stream = new FakeProcessorStream(requestStream, responseStream, context);
            processor.Streams.Enqueue(stream);
            try
            {
                await processor.Script(stream);
                if (stream.HalfClosed.Task.IsCompleted)
                {
                    // Stay in the call after Envoy's END_STREAM so its reset (§3.2) is observable as cancellation.
                    await stream.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or TimeoutException || (ex is RpcException rpc && rpc.StatusCode == StatusCode.Cancelled))
            {
                // Envoy reset the stream: a normal end (§3.2).
            }
            finally
            {
                await stream.StopReadingAsync();
                stream.Finished.TrySetResult();
            }
        }
    }
}
