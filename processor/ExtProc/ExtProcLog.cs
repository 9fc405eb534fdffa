using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.ExtProc;

/// <summary>Log events of the ExtProc folder (event ids 100–199). Never bodies, keys or auth headers.</summary>
internal static partial class ExtProcLog
{
    [LoggerMessage(100, LogLevel.Debug, "ext_proc stream ended ({Level}, {Reason})", EventName = "StreamEnded")]
    public static partial void StreamEnded(ILogger logger, FilterLevel level, string reason);

    [LoggerMessage(101, LogLevel.Error, "Stage {Stage} failed in {Phase}; answering 500 in the client's format", EventName = "StageFailed")]
    public static partial void StageFailed(ILogger logger, string stage, ExchangePhases phase, Exception exception);

    [LoggerMessage(102, LogLevel.Debug, "ext_proc message without a known request kind ignored", EventName = "UnknownMessage")]
    public static partial void UnknownMessage(ILogger logger);

    [LoggerMessage(103, LogLevel.Error, "ext_proc stream failed unexpectedly", EventName = "StreamFailed")]
    public static partial void StreamFailed(ILogger logger, Exception exception);

    [LoggerMessage(104, LogLevel.Debug, "Message after the exchange completed ignored ({Phase})", EventName = "MessageAfterComplete")]
    public static partial void MessageAfterComplete(ILogger logger, ExchangePhases phase);

    [LoggerMessage(105, LogLevel.Warning, "Exchange end observer {Observer} failed", EventName = "EndObserverFailed")]
    public static partial void EndObserverFailed(ILogger logger, string observer, Exception exception);

    [LoggerMessage(106, LogLevel.Warning, "ext_proc message {Kind} after the last answer: the stream ends and Envoy goes on without the processor; do the processing modes send trailers? (aigw check)", EventName = "MessageAfterLastAnswer")]
    public static partial void MessageAfterLastAnswer(ILogger logger, Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase kind);
}
