using AiGateway.EnvoyStandIn.Http;
using Envoy.Service.ExtProc.V3;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>The outcome of one message: the matching response, a local reply, or neither (processor dropped: continue unmodified).</summary>
internal sealed record ExtProcAnswer(ProcessingResponse? Response, LocalReply? Reply)
{
    public static readonly ExtProcAnswer Gone = new(null, null);
}
