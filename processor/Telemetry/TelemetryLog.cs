namespace AiGateway.Processor.Telemetry;

/// <summary>Log events of the Telemetry folder (event ids 800–849).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(800, LogLevel.Warning, "Writing a usage record to sink {Sink} failed; it stays queued and is retried", EventName = "UsageRecordWriteFailed")]
    public static partial void RecordWriteFailed(ILogger logger, string sink, Exception exception);

    [LoggerMessage(801, LogLevel.Error, "The usage record queue of sink {Sink} is full; a record was dropped", EventName = "UsageRecordDropped")]
    public static partial void RecordDropped(ILogger logger, string sink);

    [LoggerMessage(802, LogLevel.Error, "Shutdown: {Count} usage records for sink {Sink} could not be written", EventName = "UsageRecordsLeftAtShutdown")]
    public static partial void RecordsLeftAtShutdown(ILogger logger, string sink, int count);
}
