using Envoy.Config.Core.V3;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <param name="Metadata">The lb_endpoint's metadata, as <c>xds.upstream_host_metadata</c> exposes it.</param>
internal sealed record EndpointConfig(string Host, int Port, int Priority, Metadata Metadata);
