using AiGateway.Processor.Budgets;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Writes one usage record (and, when enabled, one EMF metric line) per client request when its router-level stream
/// ends, however it ends: success, provider error, failover, cut, client disconnect or a rejection by the gateway.
/// Runs after settlement so the record carries the settled cost. Lines are queued for their sinks, never written on
/// the request path.
/// </summary>
internal sealed class UsageRecorder : IExchangeEndObserver
{
    private readonly UsageRecordSinks _sinks;
    private readonly IRecordContentMasker _content;
    private readonly TimeProvider _time;

    public UsageRecorder(UsageRecordSinks sinks, IRecordContentMasker content, TimeProvider time)
    {
        _sinks = sinks;
        _content = content;
        _time = time;
    }

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level != FilterLevel.Router || exchange.Endpoint is ClientEndpoint.Unknown or ClientEndpoint.Models)
        {
            return;
        }

        var telemetry = exchange.Snapshot.Config.Telemetry;
        var endedAt = _time.GetUtcNow();
        var endTimestamp = _time.GetTimestamp();
        _sinks.EnqueueRecord(telemetry, UsageRecordWriter.Write(exchange, ExchangeCost.Final(exchange), endedAt, endTimestamp, _time, _content));
        if (telemetry.Emf)
        {
            _sinks.EnqueueStdout(telemetry, EmfLineWriter.Write(exchange, telemetry.EmfNamespace, endedAt, _time));
        }
    }
}
