namespace AiGateway.Processor.Configuration;

/// <summary>What /readyz shows about configuration: the snapshot in use and why the latest change was refused, if it was.</summary>
internal sealed record ConfigReloadStatus(string Hash, DateTimeOffset LoadedAt, string? LastError, DateTimeOffset? LastErrorAt);
