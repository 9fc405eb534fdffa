using Envoy.Config.Core.V3;

namespace AiGateway.EnvoyStandIn;

/// <summary>One upstream attempt.</summary>
/// <param name="Endpoint">The endpoint as configured in the YAML (host:port), before overrides.</param>
/// <param name="EndpointMetadata">The endpoint's metadata (filter_metadata.aigw.backend etc.).</param>
/// <param name="Status">The attempt's response status, or null when it got none.</param>
/// <param name="Failure">"connect-failure", "reset", "per-try-timeout", or null.</param>
/// <param name="DynamicMetadata">What the upstream filters wrote for this attempt (⚠️ §3.12: whether real Envoy shows it downstream is unverified).</param>
public sealed record StandInAttemptLog(
    string Cluster,
    string Endpoint,
    int Priority,
    Metadata EndpointMetadata,
    int? Status,
    string? Failure,
    Metadata DynamicMetadata);
