using Envoy.Service.ExtProc.V3;
using Grpc.Core;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// The floor (issue 11): an ext_proc processor that answers every message with "continue unchanged" of the matching
/// kind (ext-proc-protocol.md §1.3: empty HeadersResponse/BodyResponse, the oneof case set). Whatever the real
/// processor costs above this is ours; below it is grpc-dotnet, Kestrel, HTTP/2 and the kernel.
/// </summary>
internal sealed class NoOpProcessor : ExternalProcessor.ExternalProcessorBase
{
    private int _active;

    public int ActiveStreams => Volatile.Read(ref _active);

    public override async Task Process(IAsyncStreamReader<ProcessingRequest> requestStream, IServerStreamWriter<ProcessingResponse> responseStream, ServerCallContext context)
    {
        Interlocked.Increment(ref _active);
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(Answer(requestStream.Current)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Envoy half-closes and then resets every stream (§0.10): a cancelled read is the normal end.
        }
        catch (IOException)
        {
            // Same reset, surfacing from the transport.
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private static ProcessingResponse Answer(ProcessingRequest request) => request.RequestCase switch
    {
        ProcessingRequest.RequestOneofCase.RequestHeaders => new ProcessingResponse { RequestHeaders = new HeadersResponse() },
        ProcessingRequest.RequestOneofCase.RequestBody => new ProcessingResponse { RequestBody = new BodyResponse() },
        ProcessingRequest.RequestOneofCase.ResponseHeaders => new ProcessingResponse { ResponseHeaders = new HeadersResponse() },
        ProcessingRequest.RequestOneofCase.ResponseBody => new ProcessingResponse { ResponseBody = new BodyResponse() },
        ProcessingRequest.RequestOneofCase.RequestTrailers => new ProcessingResponse { RequestTrailers = new TrailersResponse() },
        ProcessingRequest.RequestOneofCase.ResponseTrailers => new ProcessingResponse { ResponseTrailers = new TrailersResponse() },
        _ => new ProcessingResponse { RequestHeaders = new HeadersResponse() },
    };
}
