using AiGateway.Processor.Configuration;
using AiGateway.Processor.Identity;

namespace AiGateway.Processor.Hosting;

/// <summary>Starts hot reload of the config file and the key file when the host starts.</summary>
internal sealed class ConfigWatcherService(GatewayConfigStore config, GatewayKeyVerifier keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        config.StartWatching();
        keys.StartWatching();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
