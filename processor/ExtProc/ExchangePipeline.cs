using System.Diagnostics;
using AiGateway.Processor.Telemetry;
using AiGateway.Processor.Translation;
using Envoy.Service.ExtProc.V3;
using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.ExtProc;

/// <summary>
/// Answers one ext_proc message: runs the stages registered for its phase and level, in order, and builds exactly
/// one response of the matching kind (ext-proc-protocol.md §0.4). A failing stage becomes a 500 in the client's
/// API format; it never ends the stream with a gRPC error (that would be a bare 500 from Envoy).
/// </summary>
internal sealed class ExchangePipeline
{
    private readonly IExchangeStage[] _stages;
    private readonly IExchangeEndObserver[] _endObservers;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Stage-duration tags per stage and phase, made once: timing a stage allocates nothing.</summary>
    private readonly KeyValuePair<string, object?>[][][] _stageTags;

    public ExchangePipeline(IEnumerable<IExchangeStage> stages, IEnumerable<IExchangeEndObserver> endObservers, GatewayMetrics metrics, TimeProvider time, ILogger<ExchangePipeline> logger)
    {
        _stages = [.. stages];
        _endObservers = [.. endObservers];
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _stageTags = new KeyValuePair<string, object?>[_stages.Length][][];
        for (var i = 0; i < _stages.Length; i++)
        {
            var name = _stages[i].GetType().Name;
            _stageTags[i] =
            [
                GatewayMetrics.StageTags(name, ExchangePhases.RequestHeaders),
                GatewayMetrics.StageTags(name, ExchangePhases.RequestBody),
                GatewayMetrics.StageTags(name, ExchangePhases.ResponseHeaders),
                GatewayMetrics.StageTags(name, ExchangePhases.ResponseBody),
            ];
        }
    }

    /// <summary>The answer to <paramref name="request"/>, or null when nothing may be sent (unknown kind, or after completion).</summary>
    public async ValueTask<ProcessingResponse?> ProcessAsync(Exchange exchange, PhaseContext context, ProcessingRequest request, CancellationToken cancellationToken)
    {
        var phase = PhaseOf(request.RequestCase);
        if (phase == ExchangePhases.None)
        {
            return request.RequestCase switch
            {
                ProcessingRequest.RequestOneofCase.RequestTrailers => ProcessingResponseFactory.Trailers(request: true),
                ProcessingRequest.RequestOneofCase.ResponseTrailers => ProcessingResponseFactory.Trailers(request: false),
                _ => Unknown(),
            };
        }

        if (exchange.IsComplete)
        {
            ExtProcLog.MessageAfterComplete(_logger, phase);
            return null;
        }

        context.Begin(phase, request);
        if (phase == ExchangePhases.ResponseBody && exchange.FirstResponseBodyAt == 0)
        {
            exchange.FirstResponseBodyAt = _time.GetTimestamp();
        }

        if ((phase is ExchangePhases.ResponseHeaders or ExchangePhases.ResponseBody) && context.EndOfStream)
        {
            exchange.ResponseComplete = true;
        }

        // Work done by the stages (ledger, Secrets Manager, guardrail calls) becomes child spans of this request's
        // span. An async method restores the caller's Activity.Current when it returns, so this never leaks.
        if (exchange.Activity is { } activity)
        {
            Activity.Current = activity;
        }

        var timed = exchange.StagesTimed && _metrics.StageDurationEnabled;
        var phaseIndex = System.Numerics.BitOperations.TrailingZeroCount((int)phase);
        if (phase == ExchangePhases.RequestHeaders && context.HasAttributes)
        {
            // Only the upstream-level filter is configured with request_attributes (DESIGN.md §2).
            exchange.Level = FilterLevel.Upstream;
        }

        for (var i = 0; i < _stages.Length; i++)
        {
            var stage = _stages[i];
            if ((stage.Phases & phase) == 0 || (stage.Levels & exchange.Level) == 0)
            {
                continue;
            }

            var startedAt = timed ? Stopwatch.GetTimestamp() : 0;
            StageResult result;
            try
            {
                result = await stage.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                ExtProcLog.StageFailed(_logger, stage.GetType().Name, phase, e);
                result = StageResult.Reject(GatewayError.Internal());
            }

            if (timed)
            {
                _metrics.RecordStageDuration(startedAt, Stopwatch.GetTimestamp(), _stageTags[i][phaseIndex]);
            }

            if (result.Error is { } error)
            {
                exchange.Rejection = error;
                if (phase == ExchangePhases.ResponseBody && exchange.ResponseStreamed && exchange.ResponseTranslator is { } translator)
                {
                    // The headers are gone: an immediate response would only reset the client's stream (§3.9).
                    // End the stream with an error event in the client's format instead.
                    var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
                    translator.WriteStreamError(error, buffer);
                    context.ReplaceBody(buffer.WrittenMemory);
                    exchange.IsComplete = true;
                    return ProcessingResponseFactory.Build(context);
                }

                exchange.IsComplete = true;
                return ProcessingResponseFactory.Error(error, exchange);
            }

            if (result.Reply is { } reply)
            {
                exchange.IsComplete = true;
                return ProcessingResponseFactory.Reply(reply);
            }
        }

        return ProcessingResponseFactory.Build(context);
    }

    public void End(Exchange exchange)
    {
        foreach (var observer in _endObservers)
        {
            try
            {
                observer.OnExchangeEnd(exchange);
            }
            catch (Exception e)
            {
                ExtProcLog.EndObserverFailed(_logger, observer.GetType().Name, e);
            }
        }
    }

    private ProcessingResponse? Unknown()
    {
        ExtProcLog.UnknownMessage(_logger);
        return null;
    }

    private static ExchangePhases PhaseOf(ProcessingRequest.RequestOneofCase kind) => kind switch
    {
        ProcessingRequest.RequestOneofCase.RequestHeaders => ExchangePhases.RequestHeaders,
        ProcessingRequest.RequestOneofCase.RequestBody => ExchangePhases.RequestBody,
        ProcessingRequest.RequestOneofCase.ResponseHeaders => ExchangePhases.ResponseHeaders,
        ProcessingRequest.RequestOneofCase.ResponseBody => ExchangePhases.ResponseBody,
        _ => ExchangePhases.None,
    };
}
