namespace AiGateway.EnvoyStandIn.Configuration;

internal sealed record VirtualHostConfig(string Name, IReadOnlyList<string> Domains, IReadOnlyList<RouteConfig> Routes);
