using System.Threading.Channels;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using ExternalProcessorService = Envoy.Service.ExtProc.V3.ExternalProcessor;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>
/// One ext_proc gRPC stream, opened lazily on the first message (ext-proc-protocol.md §1.1). Answers are read by a
/// background loop so that a timed-out wait never loses a message; the per-message timer restarts on every send (§3.1).
/// </summary>
internal sealed class ExtProcStream(ExternalProcessorService.ExternalProcessorClient client, Grpc.Core.Metadata headers, TimeSpan? callTimeout, TimeProvider time)
    : IAsyncDisposable
{
    private readonly Channel<StreamEvent> _events = Channel.CreateUnbounded<StreamEvent>();
    private readonly CancellationTokenSource _cancel = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse>? _call;
    private Task? _reader;
    private long _lastSend;
    private bool _closed;

    public int MessagesSent { get; private set; }

    public async Task SendAsync(ProcessingRequest request)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                return;
            }

            if (_call is null)
            {
                // grpc_service.timeout bounds the whole call (§2.1).
                DateTime? deadline = callTimeout is { } t && t > TimeSpan.Zero ? time.GetUtcNow().UtcDateTime + t : null;
                _call = client.Process(headers, deadline, _cancel.Token);
                _reader = ReadAsync(_call);
            }

            _lastSend = time.GetTimestamp();
            MessagesSent++;
            await _call.RequestStream.WriteAsync(request).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or OperationCanceledException)
        {
            // The RPC already ended: the reader loop reports how (OK close or error status).
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Restarts the timer without a send (override_message_timeout, §1.3).</summary>
    public void RestartTimer() => _lastSend = time.GetTimestamp();

    /// <summary>The next answer, the end of the RPC, or null when <paramref name="timeout"/> passed since the last send.</summary>
    public async Task<StreamEvent?> ReceiveAsync(Func<TimeSpan> timeout)
    {
        while (true)
        {
            if (_events.Reader.TryRead(out var ready))
            {
                return ready;
            }

            var remaining = timeout() - time.GetElapsedTime(_lastSend);
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await _events.Reader.WaitToReadAsync().AsTask().WaitAsync(remaining, time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Loop: a send during the wait restarted the timer (STREAMED pipelining).
            }
        }
    }

    /// <summary>Envoy 1.38 without ext_proc_graceful_grpc_close: END_STREAM, then reset right away (§3.2).</summary>
    public async ValueTask CloseAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (_call is null)
            {
                return;
            }

            try
            {
                await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or OperationCanceledException)
            {
                // Already ended by the server.
            }

            await _cancel.CancelAsync().ConfigureAwait(false);
            _call.Dispose();
            if (_reader is not null)
            {
                await _reader.ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _cancel.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse> call)
    {
        await Task.Yield();
        try
        {
            while (await call.ResponseStream.MoveNext(_cancel.Token).ConfigureAwait(false))
            {
                _events.Writer.TryWrite(StreamEvent.Of(call.ResponseStream.Current));
            }

            _events.Writer.TryWrite(new StreamEvent(null, StatusCode.OK, string.Empty));
        }
        catch (RpcException ex) when (!_cancel.IsCancellationRequested)
        {
            _events.Writer.TryWrite(new StreamEvent(null, ex.StatusCode, ex.Status.Detail));
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or ObjectDisposedException)
        {
            // Cancelled by CloseAsync: nothing is waiting any more.
        }
    }
}
