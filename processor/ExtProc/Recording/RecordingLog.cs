using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.ExtProc.Recording;

/// <summary>Log events of recording and replay (event ids 200–249).</summary>
internal static partial class RecordingLog
{
    [LoggerMessage(200, LogLevel.Warning, "Could not write an ext_proc recording to {Directory}", EventName = "RecordingWriteFailed")]
    public static partial void WriteFailed(ILogger logger, string directory, Exception exception);
}
