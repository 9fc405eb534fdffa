using Envoy.Config.Common.MutationRules.V3;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <param name="Http2">explicit_http_config.http2_protocol_options (prior knowledge on cleartext).</param>
/// <param name="UpstreamExtProc">The ext_proc upstream HTTP filter, if the cluster has one (ext-proc-protocol.md §2.6).</param>
/// <param name="UpstreamRequestMutations">The header_mutation upstream filter's request_mutations.</param>
internal sealed record ClusterConfig(
    string Name,
    TimeSpan ConnectTimeout,
    bool Http2,
    long BufferLimitBytes,
    IReadOnlyList<EndpointConfig> Endpoints,
    ExtProcFilterConfig? UpstreamExtProc,
    IReadOnlyList<HeaderMutation> UpstreamRequestMutations,
    TlsConfig? Tls);
