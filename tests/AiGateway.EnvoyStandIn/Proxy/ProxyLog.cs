using Microsoft.Extensions.Logging;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>Stand-in log events (ids 9000–9099). Never bodies or header values.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(9000, LogLevel.Debug, "Attempt {Attempt} to {Cluster} endpoint {Endpoint} (priority {Priority}) got {Status} {Failure}; retrying")]
    public static partial void Retrying(ILogger logger, int attempt, string cluster, string endpoint, int priority, int? status, string failure);

    [LoggerMessage(9001, LogLevel.Information, "{Method} {Path} → {Status} route {Route} details {Details}")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int status, string? route, string details);
}
