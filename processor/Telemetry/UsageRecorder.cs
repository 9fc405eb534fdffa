using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Writes one usage record (and, when enabled, one EMF metric line) per client request when its router-level stream
/// ends, however it ends: success, provider error, failover, cut, client disconnect or a rejection by the gateway.
/// Runs after settlement so the record carries the settled cost.
/// </summary>
internal sealed class UsageRecorder : IExchangeEndObserver
{
    private readonly GatewayConfigStore _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _fileLock = new();

    public UsageRecorder(GatewayConfigStore config, TimeProvider time, ILogger<UsageRecorder> logger)
    {
        _config = config;
        _time = time;
        _logger = logger;
    }

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level != FilterLevel.Router || exchange.Endpoint is ClientEndpoint.Unknown or ClientEndpoint.Models)
        {
            return;
        }

        var telemetry = exchange.Snapshot.Config.Telemetry;
        var endedAt = _time.GetUtcNow();
        if (telemetry.UsageRecords is { } target)
        {
            Write(target, UsageRecordWriter.Write(exchange, endedAt));
        }

        if (telemetry.Emf)
        {
            Write("stdout", EmfLineWriter.Write(exchange, telemetry.EmfNamespace, endedAt));
        }
    }

    private void Write(string target, byte[] line)
    {
        try
        {
            if (target == "stdout")
            {
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(line);
                return;
            }

            var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(_config.FilePath)!, target));
            lock (_fileLock)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                file.Write(line);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TelemetryLog.RecordWriteFailed(_logger, target, e);
        }
    }
}
