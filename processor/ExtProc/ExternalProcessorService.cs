using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc.Recording;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.ExtProc;

/// <summary>
/// <c>envoy.service.ext_proc.v3.ExternalProcessor/Process</c>: one bidirectional loop per stream that answers each
/// message with exactly one response, in order. Envoy never says "done": it half-closes and resets the stream at
/// once (ext-proc-protocol.md §0.10), so end-of-stream and cancellation are both a normal end. After the last answer
/// Envoy can ask for, the exchange ends at once and the RPC waits for Envoy's close without a read pending
/// (<see cref="StreamEnd"/>, adr/020).
/// </summary>
internal sealed class ExternalProcessorService : Envoy.Service.ExtProc.V3.ExternalProcessor.ExternalProcessorBase
{
    private readonly ExchangePipeline _pipeline;
    private readonly GatewayConfigStore _config;
    private readonly ExchangeRecorder _recorder;
    private readonly ActiveExchanges _active;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ExternalProcessorService(ExchangePipeline pipeline, GatewayConfigStore config, ExchangeRecorder recorder, ActiveExchanges active, TimeProvider time, ILogger<ExternalProcessorService> logger)
    {
        _pipeline = pipeline;
        _config = config;
        _recorder = recorder;
        _active = active;
        _time = time;
        _logger = logger;
    }

    public override async Task Process(IAsyncStreamReader<ProcessingRequest> requestStream, IServerStreamWriter<ProcessingResponse> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var exchange = new Exchange(_config.Current, _time);
        var phaseContext = new PhaseContext(exchange);
        var recording = _recorder.Start(exchange);
        _active.Enter();
        var reason = "end of stream";
        var lastAnswerSent = false;
        try
        {
            while (await requestStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var request = requestStream.Current;
                var response = await _pipeline.ProcessAsync(exchange, phaseContext, request, cancellationToken).ConfigureAwait(false);
                recording?.Add(request, response);
                if (response is not null)
                {
                    await responseStream.WriteAsync(response, cancellationToken).ConfigureAwait(false);
                    if (StreamEnd.IsLastAnswer(exchange.Level, request, response))
                    {
                        reason = "last answer sent";
                        lastAnswerSent = true;
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (IsEnvoyClose(e, cancellationToken))
        {
            reason = "reset by Envoy";
        }
        catch (Exception e)
        {
            reason = "failed";
            ExtProcLog.StreamFailed(_logger, e);
        }
        finally
        {
            _active.Exit();
            _pipeline.End(exchange);
            if (recording is not null)
            {
                _recorder.Complete(exchange, recording);
            }

            ExtProcLog.StreamEnded(_logger, exchange.Level, reason);
        }

        if (lastAnswerSent)
        {
            await AwaitEnvoyCloseAsync(requestStream, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AwaitEnvoyCloseAsync(IAsyncStreamReader<ProcessingRequest> requestStream, CancellationToken cancellationToken)
    {
        try
        {
            // The wall clock, not the gateway's clock (budgets and records read that one, and tests move it by hand):
            // how long Envoy takes to close is real time.
            if (!await StreamEnd.AwaitCloseAsync(requestStream, TimeProvider.System, cancellationToken).ConfigureAwait(false))
            {
                ExtProcLog.MessageAfterLastAnswer(_logger, requestStream.Current.RequestCase);
            }
        }
        catch (Exception e) when (IsEnvoyClose(e, cancellationToken))
        {
            // Reset while the half-close read was pending: the same normal end, only later than usual.
        }
    }

    /// <summary>
    /// Envoy's END_STREAM-then-reset surfaces in Kestrel as a cancelled call, an IOException ("The client reset the
    /// request stream") or, rarely, InvalidOperationException ("Can't read messages after the request is complete").
    /// </summary>
    internal static bool IsEnvoyClose(Exception e, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
        || e is OperationCanceledException or IOException
        || e is RpcException { StatusCode: StatusCode.Cancelled }
        || (e is InvalidOperationException && e.Message.Contains("request is complete", StringComparison.Ordinal));
}
