namespace AiGateway.Processor.Routing;

/// <summary>Log events of the Routing folder (event ids 300–349).</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(300, LogLevel.Error, "Upstream attempt for backend '{Backend}' has no saved request (request id {RequestId}); is the router-level ext_proc filter configured?", EventName = "AttemptWithoutRequest")]
    public static partial void AttemptWithoutRequest(ILogger logger, string backend, string requestId);

    [LoggerMessage(301, LogLevel.Error, "Envoy picked backend '{Backend}', which the processor config does not define; run `aigw check`", EventName = "UnknownBackend")]
    public static partial void UnknownBackend(ILogger logger, string backend);
}
