using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Hosting;

/// <summary>Starts hot reload of the config file when the host starts.</summary>
internal sealed class ConfigWatcherService(GatewayConfigStore config) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        config.StartWatching();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
