namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>A route's header matcher: <c>string_match.exact</c> or <c>present_match</c>, optionally inverted.</summary>
internal sealed record HeaderMatchConfig(string Name, string? Exact, bool? Present, bool Invert);
