using Envoy.Config.Core.V3;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>One route: a match and either a cluster action or a direct_response.</summary>
internal sealed record RouteConfig(
    string Name,
    string? Prefix,
    string? Path,
    IReadOnlyList<HeaderMatchConfig> Headers,
    RouteActionConfig? Action,
    DirectResponseConfig? DirectResponse,
    IReadOnlyList<HeaderValueOption> ResponseHeadersToAdd);
