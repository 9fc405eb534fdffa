using System.Collections.Concurrent;
using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// The queues of every sink: the configured target (<c>telemetry.usage_records</c>: <c>stdout</c> or a file path,
/// relative to the config file), stdout for EMF lines, and any <see cref="IUsageRecordSink"/> registered in DI.
/// Queues are made on first use, so a reload that changes the target starts a new one. They are drained when the
/// service container is disposed, after every hosted service (including the stream drain) has stopped, so records
/// of streams that end during shutdown are still written.
/// </summary>
internal sealed class UsageRecordSinks : IAsyncDisposable
{
    private const string Stdout = "stdout";

    private readonly ConcurrentDictionary<string, UsageRecordQueue> _queues = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();
    private readonly UsageRecordQueue[] _extra;
    private readonly GatewayConfigStore _config;
    private readonly StdoutRecordSink _stdout;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public UsageRecordSinks(GatewayConfigStore config, StdoutRecordSink stdout, IEnumerable<IUsageRecordSink> extra, GatewayMetrics metrics, TimeProvider time, ILogger<UsageRecordSinks> logger)
    {
        _config = config;
        _stdout = stdout;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _extra = [.. extra.Select(sink => new UsageRecordQueue(sink, config.Current.Config.Telemetry.UsageRecordsQueue, metrics, logger))];
    }

    /// <summary>A usage record: to the configured target and every extra sink.</summary>
    public void EnqueueRecord(TelemetryConfig telemetry, byte[] line)
    {
        if (telemetry.UsageRecords is { } target)
        {
            Queue(telemetry, target).Enqueue(line);
        }

        foreach (var queue in _extra)
        {
            queue.Enqueue(line);
        }
    }

    /// <summary>An EMF line: stdout only (the awslogs driver ships it to CloudWatch).</summary>
    public void EnqueueStdout(TelemetryConfig telemetry, byte[] line) => Queue(telemetry, Stdout).Enqueue(line);

    /// <summary>Writes what is queued; gives up on sinks still failing when <paramref name="cancellationToken"/> fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _queues.Values.Concat(_extra))
        {
            await queue.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await DrainAsync(giveUp.Token).ConfigureAwait(false);
        }

        foreach (var queue in _queues.Values.Concat(_extra))
        {
            queue.Dispose();
        }

        // The file sinks are ours (made in Queue) and keep their file open between records; extra sinks belong to DI.
        foreach (var queue in _queues.Values)
        {
            (queue.Sink as IDisposable)?.Dispose();
        }
    }

    /// <summary>The full path a file target writes to (relative targets are relative to the config file).</summary>
    public static string FilePath(string configPath, string target) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, target));

    private UsageRecordQueue Queue(TelemetryConfig telemetry, string target)
    {
        if (_queues.TryGetValue(target, out var queue))
        {
            return queue;
        }

        // Under a lock: a queue owns a worker task, so it must be made exactly once per target.
        lock (_creating)
        {
            return _queues.GetOrAdd(target, name => new UsageRecordQueue(
                name == Stdout ? _stdout : new RotatingFileRecordSink(FilePath(_config.FilePath, name), telemetry.UsageRecordsRotateBytes, _time),
                telemetry.UsageRecordsQueue,
                _metrics,
                _logger));
        }
    }
}
