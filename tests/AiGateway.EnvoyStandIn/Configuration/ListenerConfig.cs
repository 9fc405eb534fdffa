namespace AiGateway.EnvoyStandIn.Configuration;

/// <param name="BufferLimitBytes">per_connection_buffer_limit_bytes; Envoy's default is 1 MiB (ext-proc-protocol.md §3.3).</param>
internal sealed record ListenerConfig(
    string Address,
    int Port,
    long BufferLimitBytes,
    IReadOnlyList<VirtualHostConfig> VirtualHosts,
    ExtProcFilterConfig? ExtProc);
