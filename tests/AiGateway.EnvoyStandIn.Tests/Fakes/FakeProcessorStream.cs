using System.Threading.Channels;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;

namespace AiGateway.EnvoyStandIn.Tests.Fakes;

/// <summary>One ext_proc stream as the scripted fake processor sees it.</summary>
internal sealed class FakeProcessorStream
{
    private readonly IAsyncStreamReader<ProcessingRequest> _requests;
    private readonly IServerStreamWriter<ProcessingResponse> _responses;
    private readonly Channel<ProcessingRequest?> _inbox = Channel.CreateUnbounded<ProcessingRequest?>();
    private readonly List<ProcessingRequest> _received = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopReading;
    private readonly Task _pump;

    public FakeProcessorStream(IAsyncStreamReader<ProcessingRequest> requests, IServerStreamWriter<ProcessingResponse> responses, ServerCallContext context)
    {
        _requests = requests;
        _responses = responses;
        Context = context;
        context.CancellationToken.Register(() =>
        {
            Cancelled.TrySetResult();
            Ended.TrySetResult();
        });
        _stopReading = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        _pump = PumpAsync();
    }

    public ServerCallContext Context { get; }

    /// <summary>Set when Envoy half-closed (END_STREAM) its side.</summary>
    public TaskCompletionSource HalfClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the RPC was cancelled (Envoy resets right after half-closing, §3.2).</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Envoy ended its side: END_STREAM seen, or the reset. Envoy resets right after END_STREAM (§3.2), so the server may
    /// see the reset first and never observe the half-close; tests that only need "closed" wait for this.
    /// </summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The script finished (its Task completed).</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ProcessingRequest> Received
    {
        get
        {
            lock (_lock)
            {
                return _received.ToList();
            }
        }
    }

    /// <summary>An upstream-level stream carries the picked host's metadata as an attribute on its first message.</summary>
    public bool IsUpstream => Received.Count > 0 && Received[0].Attributes.TryGetValue("envoy.filters.http.ext_proc", out var attributes)
        && attributes.Fields.Keys.Any(k => k.StartsWith("xds.upstream_host_metadata", StringComparison.Ordinal));

    /// <summary>The next message, or null when Envoy ended its side.</summary>
    public async Task<ProcessingRequest?> NextAsync() =>
        await _inbox.Reader.ReadAsync(Context.CancellationToken).AsTask().WaitAsync(TestTimeouts.Default);

    public Task SendAsync(ProcessingResponse response) => _responses.WriteAsync(response);

    /// <summary>Answers every message with what <paramref name="respond"/> returns (null = send nothing) until Envoy ends the stream.</summary>
    public async Task AnswerAllAsync(Func<ProcessingRequest, ProcessingResponse?> respond)
    {
        while (await NextAsync() is { } request)
        {
            if (respond(request) is { } response)
            {
                await SendAsync(response);
            }
        }
    }

    /// <summary>
    /// Ends the pending read before the call returns: Kestrel reuses a finished stream's objects for the next stream, so
    /// a read left pending past the end of the call would land on another stream ("Reading is already in progress").
    /// </summary>
    public async Task StopReadingAsync()
    {
        await _stopReading.CancelAsync();
        await _pump.WaitAsync(TestTimeouts.Default);
        _stopReading.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _requests.MoveNext(_stopReading.Token))
            {
                lock (_lock)
                {
                    _received.Add(_requests.Current);
                }

                _inbox.Writer.TryWrite(_requests.Current);
            }

            HalfClosed.TrySetResult();
            Ended.TrySetResult();
            _inbox.Writer.TryWrite(null);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or RpcException)
        {
            Ended.TrySetResult();
            _inbox.Writer.TryComplete(ex);
        }
    }
}
