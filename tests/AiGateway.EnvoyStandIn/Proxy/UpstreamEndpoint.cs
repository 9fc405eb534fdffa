using Envoy.Config.Core.V3;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>An endpoint after start-up overrides: where the stand-in connects, plus the YAML's priority and metadata.</summary>
/// <param name="Target">scheme://host:port the codec connects to (https when TLS is on).</param>
/// <param name="ConfiguredAddress">host:port as written in the YAML.</param>
internal sealed record UpstreamEndpoint(string Cluster, int Priority, Uri Target, string ConfiguredAddress, Metadata Metadata);
