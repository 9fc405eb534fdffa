using Envoy.Service.ExtProc.V3;
using Grpc.Core;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>What came from the processor: a response, or the end of the RPC with its status.</summary>
internal sealed record StreamEvent(ProcessingResponse? Response, StatusCode EndStatus, string EndDetail)
{
    public static StreamEvent Of(ProcessingResponse response) => new(response, StatusCode.OK, string.Empty);
}
