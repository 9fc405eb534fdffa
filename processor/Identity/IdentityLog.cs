namespace AiGateway.Processor.Identity;

/// <summary>Log events of the Identity folder (event ids 500–549). Never a key or a token.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(500, LogLevel.Information, "Gateway API keys loaded from {Path}: {Count} keys", EventName = "KeysLoaded")]
    public static partial void KeysLoaded(ILogger logger, string path, int count);

    [LoggerMessage(501, LogLevel.Error, "Key file {Path} rejected; keeping the previous keys. {Reason}", EventName = "KeysRejected")]
    public static partial void KeysRejected(ILogger logger, string path, string reason);

    [LoggerMessage(502, LogLevel.Debug, "Request rejected: {Reason}", EventName = "IdentityRejected")]
    public static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(503, LogLevel.Warning, "ALB public key {Kid} not available (HTTP {Status}); tokens signed with it are refused", EventName = "AlbKeyNotFound")]
    public static partial void AlbKeyNotFound(ILogger logger, string kid, int status);

    [LoggerMessage(504, LogLevel.Warning, "Fetching ALB public key {Kid} failed; tokens signed with it are refused until it can be fetched", EventName = "AlbKeyFetchFailed")]
    public static partial void AlbKeyFetchFailed(ILogger logger, string kid, Exception exception);

    [LoggerMessage(505, LogLevel.Information, "ALB identity token refused ({Reason})", EventName = "AlbTokenRefused")]
    public static partial void AlbTokenRefused(ILogger logger, string reason);
}
