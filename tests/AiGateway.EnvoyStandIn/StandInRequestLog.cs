using Envoy.Config.Core.V3;

namespace AiGateway.EnvoyStandIn;

/// <summary>One finished request, as Envoy's access log could show it.</summary>
/// <param name="RouteName">The route the router used (after any clear_route_cache), or null when none matched.</param>
/// <param name="ResponseCodeDetails">%RESPONSE_CODE_DETAILS%: "via_upstream", or the local reply's details.</param>
/// <param name="DynamicMetadata">The request's final dynamic metadata (router-level ext_proc writes land here).</param>
public sealed record StandInRequestLog(
    string Method,
    string Path,
    int Status,
    string? RouteName,
    string ResponseCodeDetails,
    Metadata DynamicMetadata,
    IReadOnlyList<StandInAttemptLog> Attempts);
