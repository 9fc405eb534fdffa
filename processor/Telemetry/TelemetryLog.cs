namespace AiGateway.Processor.Telemetry;

/// <summary>Log events of the Telemetry folder (event ids 800–849).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(800, LogLevel.Error, "Writing a usage record to {Target} failed", EventName = "UsageRecordWriteFailed")]
    public static partial void RecordWriteFailed(ILogger logger, string target, Exception exception);
}
