using AiGateway.Processor.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiGateway.Processor.Hosting;

/// <summary>gRPC health: serving once a config snapshot is loaded (the store cannot exist without one).</summary>
internal sealed class ConfigHealthCheck(GatewayConfigStore config) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"config {config.Current.Hash}"));
}
