using Envoy.Service.ExtProc.V3;
using Grpc.Core;

namespace AiGateway.Processor.ExtProc;

/// <summary>
/// What ends an ext_proc stream (adr/020). After the last answer Envoy can ask for, the exchange is finished at once
/// (usage, settlement, metrics), and the RPC then waits for Envoy's close <b>without a read pending</b>: Envoy ends each
/// stream with END_STREAM and an immediate reset (ext-proc-protocol.md §0.10), and a reset landing on a pending read is
/// an exception thrown up the whole read chain (Kestrel, grpc-dotnet, our loop), ≈ 10 % of the processor's CPU under
/// load. The RPC is not ended first: a client that never ends a stream the server finished (grpc-dotnet's, which the
/// stand-in and our tests use) leaves Kestrel tracking it until Kestrel refuses new streams with ENHANCE_YOUR_CALM.
/// </summary>
internal static class StreamEnd
{
    /// <summary>
    /// How long a finished stream waits for Envoy's reset before it reads again to see a plain half-close (Envoy's
    /// ext_proc_graceful_grpc_close runtime guard, off by default, half-closes and waits up to 1 s for the server).
    /// </summary>
    public static readonly TimeSpan HalfCloseCheckDelay = TimeSpan.FromMilliseconds(100);

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

    /// <summary>
    /// Returns when Envoy has closed the stream: at its reset (the call's token; no exception), or, if none came within
    /// <see cref="HalfCloseCheckDelay"/>, at its half-close seen by a normal read. Returns <c>false</c> when a message came
    /// after the last answer (the modes <c>aigw check</c> requires never send one); the RPC then ends with OK, which
    /// makes Envoy go on without the processor (§3.2).
    /// </summary>
    public static async Task<bool> AwaitCloseAsync(IAsyncStreamReader<ProcessingRequest> requests, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!cancellationToken.IsCancellationRequested)
        {
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), closed))
            using (time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), closed, HalfCloseCheckDelay, Timeout.InfiniteTimeSpan))
            {
                await closed.Task.ConfigureAwait(false);
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return true;
        }

        return !await requests.MoveNext(cancellationToken).ConfigureAwait(false);
    }
}
