using Envoy.Service.ExtProc.V3;

namespace AiGateway.Benchmarks.Load;

/// <summary>One message Envoy sent, and the kind of answer the recording got for it (None: it got no answer).</summary>
internal sealed record RecordedMessage(ProcessingRequest Request, ProcessingResponse.ResponseOneofCase Answer)
{
    public bool IsResponsePhase => Request.RequestCase is ProcessingRequest.RequestOneofCase.ResponseHeaders
        or ProcessingRequest.RequestOneofCase.ResponseBody or ProcessingRequest.RequestOneofCase.ResponseTrailers;
}
