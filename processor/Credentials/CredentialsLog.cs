namespace AiGateway.Processor.Credentials;

/// <summary>Log events of the Credentials folder (event ids 400–449). Never a secret value.</summary>
internal static partial class CredentialsLog
{
    [LoggerMessage(400, LogLevel.Warning, "Refreshing secret {Reference} failed ({Reason}); using the cached value", EventName = "SecretRefreshFailed")]
    public static partial void RefreshFailedUsingCached(ILogger logger, string reference, string reason);
}
