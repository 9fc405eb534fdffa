using Envoy.Service.ExtProc.V3;

namespace AiGateway.Processor.ExtProc;

/// <summary>
/// Whether an answer is the last one Envoy can ask of this stream, so the processor ends the RPC with OK right after
/// it instead of waiting for Envoy's half-close and reset (adr/018). A clean close after the last answer changes
/// nothing for Envoy (ext-proc-protocol.md §3, "processor ends the RPC with OK": Envoy stops using the processor, and
/// there is nothing left to use it for); it spares the processor the reset, which grpc-dotnet surfaces as an
/// exception thrown up the whole read chain of every stream.
/// </summary>
internal static class StreamEnd
{
    /// <summary>
    /// True after an immediate response (Envoy completes processing on it), after the upstream-level filter's request
    /// headers (that filter sends nothing else: <c>aigw check</c>'s UpstreamExtProcRule), and after the response's
    /// end of stream at the router level (trailers are never sent: RouterExtProcRule).
    /// </summary>
    public static bool IsLastAnswer(FilterLevel level, ProcessingRequest request, ProcessingResponse response) =>
        response.ResponseCase == ProcessingResponse.ResponseOneofCase.ImmediateResponse
        || (level == FilterLevel.Upstream && request.RequestCase == ProcessingRequest.RequestOneofCase.RequestHeaders)
        || request.RequestCase switch
        {
            ProcessingRequest.RequestOneofCase.ResponseHeaders => request.ResponseHeaders.EndOfStream,
            ProcessingRequest.RequestOneofCase.ResponseBody => request.ResponseBody.EndOfStream,
            _ => false,
        };
}
