using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.Configuration;

/// <summary>Log events of the Configuration folder (event ids 1000–1099).</summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(1000, LogLevel.Information, "Configuration {Source} loaded ({Hash}): {Models} models, {Backends} backends, {Providers} providers", EventName = "ConfigLoaded")]
    public static partial void Loaded(ILogger logger, string source, string hash, int models, int backends, int providers);

    [LoggerMessage(1001, LogLevel.Information, "Configuration reloaded: {OldHash} -> {NewHash}", EventName = "ConfigReloaded")]
    public static partial void Reloaded(ILogger logger, string oldHash, string newHash);

    [LoggerMessage(1002, LogLevel.Error, "Configuration change rejected; keeping {Hash}. {Reason}", EventName = "ConfigReloadRejected")]
    public static partial void ReloadRejected(ILogger logger, string hash, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Configuration watcher failed; polling continues", EventName = "ConfigWatcherFailed")]
    public static partial void WatcherFailed(ILogger logger, Exception exception);
}
