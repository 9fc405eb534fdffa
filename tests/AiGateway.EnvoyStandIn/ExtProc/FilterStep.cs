using AiGateway.EnvoyStandIn.Http;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>What the pipeline does after a filter phase: continue, send a local reply, or use a replaced body.</summary>
internal sealed record FilterStep(LocalReply? Reply, byte[]? ReplacedBody)
{
    public static readonly FilterStep Continue = new(null, null);

    public static FilterStep Stop(LocalReply reply) => new(reply, null);

    public static FilterStep Replace(byte[] body) => new(null, body);
}
