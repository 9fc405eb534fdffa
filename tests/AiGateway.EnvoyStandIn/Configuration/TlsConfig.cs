namespace AiGateway.EnvoyStandIn.Configuration;

/// <param name="Sni">UpstreamTlsContext.sni; null means the endpoint's host name.</param>
internal sealed record TlsConfig(string? Sni);
