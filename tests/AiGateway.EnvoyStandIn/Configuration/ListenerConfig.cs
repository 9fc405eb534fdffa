namespace AiGateway.EnvoyStandIn.Configuration;

/// <param name="BufferLimitBytes">per_connection_buffer_limit_bytes; Envoy's default is 1 MiB (ext-proc-protocol.md §3.3).</param>
/// <param name="CodecType">The HCM codec_type: AUTO, HTTP1 or HTTP2.</param>
internal sealed record ListenerConfig(
    string Address,
    int Port,
    string CodecType,
    long BufferLimitBytes,
    IReadOnlyList<VirtualHostConfig> VirtualHosts,
    ExtProcFilterConfig? ExtProc);
