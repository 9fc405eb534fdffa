using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Hosting;

/// <summary>
/// On SIGTERM the host stops Kestrel, which refuses new connections and sends HTTP/2 GOAWAY so Envoy opens no
/// new streams, then waits for in-flight requests up to <c>server.drain_timeout</c> (HostOptions.ShutdownTimeout).
/// This service only makes the drain visible in the log.
/// </summary>
internal sealed class DrainService(ActiveExchanges active, ILogger<DrainService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        HostingLog.Draining(logger, active.Count);
        return Task.CompletedTask;
    }
}
