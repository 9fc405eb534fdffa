namespace AiGateway.EnvoyStandIn.Configuration;

/// <param name="Timeout">The route timeout; zero disables it (Envoy's default is 15 s).</param>
internal sealed record RouteActionConfig(string Cluster, TimeSpan Timeout, RetryPolicyConfig? RetryPolicy);
