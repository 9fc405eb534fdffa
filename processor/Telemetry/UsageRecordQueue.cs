using System.Buffers;
using System.Threading.Channels;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// One sink's bounded queue and its single writer, which lets records gather for a few milliseconds and writes them in
/// one batch. A failed write is counted, logged and retried (with backoff) until
/// it succeeds, so a record is never lost to a failing sink; only when the queue is full is a new record dropped,
/// counted and logged. Writes leave the request path: ending a stream never waits for a disk or a database.
/// </summary>
internal sealed class UsageRecordQueue : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);

    /// <summary>The most record bytes one write carries (a single larger record is written alone).</summary>
    internal const int MaxBatchBytes = 64 * 1024;

    /// <summary>How long the writer lets records gather after the first of a batch arrives.</summary>
    internal static readonly TimeSpan DefaultLinger = TimeSpan.FromMilliseconds(10);

    private readonly IUsageRecordSink _sink;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _channel;
    private readonly Task _worker;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ArrayBufferWriter<byte> _batch = new(MaxBatchBytes);
    private readonly TimeSpan _linger;
    private readonly TimeProvider _time;
    private volatile bool _closed;

    public UsageRecordQueue(IUsageRecordSink sink, int capacity, GatewayMetrics metrics, ILogger logger)
        : this(sink, capacity, metrics, logger, DefaultLinger, TimeProvider.System)
    {
    }

    internal UsageRecordQueue(IUsageRecordSink sink, int capacity, GatewayMetrics metrics, ILogger logger, TimeSpan linger, TimeProvider time)
    {
        _sink = sink;
        _metrics = metrics;
        _logger = logger;
        _linger = linger;
        _time = time;
        _channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _worker = Task.Run(RunAsync);
    }

    public IUsageRecordSink Sink => _sink;

    public void Enqueue(byte[] line)
    {
        if (_closed)
        {
            // A stream that ended during shutdown, after the drain began: write it here rather than lose it.
            WriteLate(line);
            return;
        }

        if (!_channel.Writer.TryWrite(line))
        {
            _metrics.RecordRecordDropped(_sink.Name);
            TelemetryLog.RecordDropped(_logger, _sink.Name);
        }
    }

    /// <summary>Stops taking records and writes what is queued; gives up on a still-failing sink when <paramref name="cancellationToken"/> fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _closed = true;
        _channel.Writer.TryComplete();
        using var registration = cancellationToken.Register(_stop.Cancel);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TelemetryLog.RecordsLeftAtShutdown(_logger, _sink.Name, _channel.Reader.Count);
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _writing.Dispose();
    }

    private void WriteLate(byte[] line)
    {
        try
        {
            _writing.Wait();
            try
            {
                _sink.WriteAsync(line, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
            finally
            {
                _writing.Release();
            }
        }
        catch (Exception e)
        {
            _metrics.RecordRecordFailure(_sink.Name);
            TelemetryLog.RecordWriteFailed(_logger, _sink.Name, e);
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var caughtUp = true;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Under load, waking the writer for each record cost a pool-thread hop and a write per record; a short
            // linger lets the records of the next few milliseconds share one write (docs/performance.md, "Found by
            // profiling: session 5"). Only after the writer caught up: with records already waiting, lingering before
            // every batch capped the writer below what a busy processor makes, and the full queue dropped records
            // ("Found by profiling: session 8"). Draining at shutdown does not wait.
            if (caughtUp && _linger > TimeSpan.Zero && !_closed)
            {
                await Task.Delay(_linger, _time).ConfigureAwait(false);
            }

            var batch = NextBatch(reader);
            var delay = FirstRetry;
            while (true)
            {
                try
                {
                    await _writing.WaitAsync(_stop.Token).ConfigureAwait(false);
                    try
                    {
                        await _sink.WriteAsync(batch, _stop.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _writing.Release();
                    }

                    break;
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    _metrics.RecordRecordFailure(_sink.Name);
                    TelemetryLog.RecordWriteFailed(_logger, _sink.Name, e);
                    await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
                }
            }

            caughtUp = reader.Count == 0;
        }
    }

    /// <summary>
    /// Every record queued by now, up to <see cref="MaxBatchBytes"/>, as one write: under load many records wait while
    /// one is written, and one write per record was most of the sink's CPU (docs/performance.md, "Found by profiling:
    /// session 4"). A lone record is passed as it is, without a copy.
    /// </summary>
    private ReadOnlyMemory<byte> NextBatch(ChannelReader<byte[]> reader)
    {
        if (!reader.TryRead(out var first))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (!reader.TryPeek(out var next) || first.Length + next.Length > MaxBatchBytes)
        {
            return first;
        }

        _batch.ResetWrittenCount();
        _batch.Write(first);
        while (reader.TryPeek(out next) && _batch.WrittenCount + next.Length <= MaxBatchBytes && reader.TryRead(out next))
        {
            _batch.Write(next);
        }

        return _batch.WrittenMemory;
    }
}
