using System.Diagnostics.Metrics;
using System.Text;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class UsageRecordQueueTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Enqueue_WhileTheSinkIsBusy_WritesTheWaitingRecordsInOneWrite()
    {
        var sink = new GatedSink();
        using var queue = NewQueue(sink);

        queue.Enqueue(Line(1));
        await sink.FirstWriteStarted.WaitAsync(Timeout);
        for (var n = 2; n <= 5; n++)
        {
            queue.Enqueue(Line(n));
        }

        sink.Open();
        await queue.DrainAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["{\"n\":1}\n", "{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n{\"n\":5}\n"], sink.Writes);
    }

    [Fact]
    public async Task Enqueue_RecordsArrivingWithinTheLinger_ShareOneWrite()
    {
        var sink = new GatedSink();
        sink.Open();
        using var queue = new UsageRecordQueue(sink, capacity: 100, NewMetrics(), NullLogger.Instance, linger: TimeSpan.FromSeconds(1), TimeProvider.System);

        for (var n = 1; n <= 3; n++)
        {
            queue.Enqueue(Line(n));
            await Task.Delay(20);
        }

        await sink.FirstWriteStarted.WaitAsync(Timeout);
        await queue.DrainAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n"], sink.Writes);
    }

    [Fact]
    public async Task Enqueue_RecordsWaitingWhenAWriteEnds_AreWrittenWithoutLingering()
    {
        // The clock never moves after the first linger: only a writer that does not linger again can write the backlog.
        var time = new FakeTimeProvider();
        var sink = new GatedSink();
        using var queue = new UsageRecordQueue(sink, capacity: 100, NewMetrics(), NullLogger.Instance, linger: TimeSpan.FromMilliseconds(10), time);

        queue.Enqueue(Line(1));
        while (!sink.FirstWriteStarted.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.WhenAny(sink.FirstWriteStarted, Task.Delay(10));
        }

        for (var n = 2; n <= 4; n++)
        {
            queue.Enqueue(Line(n));
        }

        sink.Open();
        await sink.WaitForWritesAsync(2).WaitAsync(Timeout);

        Assert.Equal(["{\"n\":1}\n", "{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n"], sink.Writes);
    }

    [Fact]
    public async Task Enqueue_MoreThanOneBatchWaiting_SplitsAtMaxBatchBytesKeepingOrder()
    {
        var sink = new GatedSink();
        using var queue = NewQueue(sink);
        var record = new string('x', (UsageRecordQueue.MaxBatchBytes / 3) - 1) + "\n";

        queue.Enqueue(Line(0));
        await sink.FirstWriteStarted.WaitAsync(Timeout);
        for (var n = 0; n < 4; n++)
        {
            queue.Enqueue(Encoding.UTF8.GetBytes(record));
        }

        sink.Open();
        await queue.DrainAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["{\"n\":0}\n", record + record + record, record], sink.Writes);
        Assert.All(sink.Writes, write => Assert.True(Encoding.UTF8.GetByteCount(write) <= UsageRecordQueue.MaxBatchBytes));
    }

    [Fact]
    public async Task Enqueue_BatchFailsOnce_WholeBatchRetriedNothingLost()
    {
        var sink = new GatedSink { FailNextWrites = 1 };
        using var queue = NewQueue(sink);

        queue.Enqueue(Line(1));
        queue.Enqueue(Line(2));
        queue.Enqueue(Line(3));
        sink.Open();
        await queue.DrainAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", string.Concat(sink.Writes));
    }

    private UsageRecordQueue NewQueue(IUsageRecordSink sink) =>
        new(sink, capacity: 100, NewMetrics(), NullLogger.Instance);

    private GatewayMetrics NewMetrics() => new(_services.GetRequiredService<IMeterFactory>(), new ActiveExchanges());

    private static byte[] Line(int n) => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}\n");

    /// <summary>Holds its first write until <see cref="Open"/>; can fail its next writes; keeps a copy of what it wrote.</summary>
    private sealed class GatedSink : IUsageRecordSink
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _awaited;
        private int _awaitedCount;

        public string Name => "gated";

        public int FailNextWrites { get; set; }

        public List<string> Writes { get; } = [];

        public Task FirstWriteStarted => _firstWrite.Task;

        public void Open() => _open.TrySetResult();

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
        {
            _firstWrite.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (FailNextWrites > 0)
            {
                FailNextWrites--;
                throw new IOException("disk full");
            }

            lock (Writes)
            {
                Writes.Add(Encoding.UTF8.GetString(lines.Span));
                if (_awaited is { } awaited && Writes.Count >= _awaitedCount)
                {
                    awaited.TrySetResult();
                }
            }
        }

        /// <summary>Completes once <paramref name="count"/> writes have been made.</summary>
        public Task WaitForWritesAsync(int count)
        {
            lock (Writes)
            {
                _awaitedCount = count;
                _awaited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (Writes.Count >= count)
                {
                    _awaited.TrySetResult();
                }

                return _awaited.Task;
            }
        }
    }
}
