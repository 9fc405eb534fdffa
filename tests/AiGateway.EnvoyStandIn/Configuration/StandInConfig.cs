namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>What the stand-in understood from the Envoy YAML (immutable).</summary>
internal sealed record StandInConfig(ListenerConfig Listener, IReadOnlyDictionary<string, ClusterConfig> Clusters);
