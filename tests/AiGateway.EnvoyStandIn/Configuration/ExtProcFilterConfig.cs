using Envoy.Extensions.Filters.Http.ExtProc.V3;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>An ext_proc filter as configured: the real proto plus the gRPC cluster it talks to.</summary>
internal sealed record ExtProcFilterConfig(ExternalProcessor Proto, string GrpcCluster, string YamlPath)
{
    /// <summary>message_timeout; Envoy's default is 200 ms (ext-proc-protocol.md §2.1).</summary>
    public TimeSpan MessageTimeout => Proto.MessageTimeout?.ToTimeSpan() ?? TimeSpan.FromMilliseconds(200);
}
