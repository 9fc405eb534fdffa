using Google.Protobuf.WellKnownTypes;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>Where one filter instance lives: its stream's dynamic metadata, attribute values, the route cache.</summary>
/// <param name="Metadata">Receives dynamic_metadata (receiving namespaces) and feeds metadata_context (forwarding namespaces).</param>
/// <param name="FallbackMetadata">Looked up after <paramref name="Metadata"/> for forwarding (upstream filter: the downstream request's).</param>
/// <param name="ResolveAttribute">Value of a configured request attribute, or null when it has none (then it is left out).</param>
/// <param name="ClearRouteCache">Null for an upstream filter, where clear_route_cache is ignored (§2.6).</param>
internal sealed record ExtProcFilterContext(
    DynamicMetadata Metadata,
    DynamicMetadata? FallbackMetadata,
    Func<string, Value?> ResolveAttribute,
    Action? ClearRouteCache,
    TimeProvider Time);
