namespace AiGateway.EnvoyStandIn.Configuration;

/// <param name="Timeout">The route timeout; zero disables it (Envoy's default is 15 s).</param>
/// <param name="HostRewriteLiteral">The route's <c>host_rewrite_literal</c>: the router sets <c>:authority</c> to it before the upstream filters run.</param>
internal sealed record RouteActionConfig(string Cluster, TimeSpan Timeout, RetryPolicyConfig? RetryPolicy, string? HostRewriteLiteral = null);
