namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>Connection-level headers Envoy's codecs never pass between hops.</summary>
internal static class HopByHopHeaders
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "host",
    };

    public static bool Contains(string name) => Names.Contains(name);
}
