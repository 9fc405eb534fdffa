using System.Threading.Channels;
using AiGateway.EnvoyStandIn.Proxy;
using Microsoft.AspNetCore.Builder;

namespace AiGateway.EnvoyStandIn;

/// <summary>A running stand-in. Dispose to stop it.</summary>
public sealed class StandInHandle : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ClusterSet _clusters;
    private readonly Channel<StandInRequestLog> _logs;

    internal StandInHandle(WebApplication app, ClusterSet clusters, Channel<StandInRequestLog> logs, Uri baseAddress)
    {
        _app = app;
        _clusters = clusters;
        _logs = logs;
        BaseAddress = baseAddress;
    }

    /// <summary>http://address:port of the listener, with the port actually bound.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every finished request, in completion order (the access-log equivalent).</summary>
    public ChannelReader<StandInRequestLog> RequestLogs => _logs.Reader;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _clusters.Dispose();
        _logs.Writer.TryComplete();
    }
}
