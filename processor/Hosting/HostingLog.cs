namespace AiGateway.Processor.Hosting;

/// <summary>Log events of hosting and lifecycle (event ids 10–99).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(10, LogLevel.Information, "Shutting down: draining {Streams} ext_proc streams", EventName = "Draining")]
    public static partial void Draining(ILogger logger, int streams);
}
