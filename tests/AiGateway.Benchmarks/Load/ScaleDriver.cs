using System.Collections.Concurrent;
using System.Diagnostics;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// Opens <c>streams</c> streaming exchanges (request phases, attempt, response headers), then, all at once, sends one
/// whole text-delta event per stream every <c>interval</c> for <c>hold</c>, then ends each stream with the rest of
/// the recorded events. CPU is measured over the hold only and divided by the chunks sent in it.
/// </summary>
internal static class ScaleDriver
{
    public static async Task<ScaleRun> RunAsync(ExtProcLoadDriver driver, ServerProcess server, ExchangeScript script, int streams, TimeSpan hold, TimeSpan interval, CancellationToken cancellationToken)
    {
        var (prefix, delta, suffix) = Plan(script);
        var errors = new ErrorTally();
        var droppedBefore = await server.UsageRecordsDroppedAsync().ConfigureAwait(false);
        var latencies = new ConcurrentBag<double>();
        long chunks = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var opened = 0;
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holdEnd = 0L;

        async Task RunStreamAsync()
        {
            AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse>? call = null;
            try
            {
                var (opening, id) = await driver.OpenUntilResponseBodyAsync(script, cancellationToken).ConfigureAwait(false);
                call = opening;
                await ExtProcLoadDriver.SendAsync(call, prefix, id, cancellationToken).ConfigureAwait(false);
                if (Interlocked.Increment(ref opened) == streams)
                {
                    allOpen.TrySetResult();
                }

                await go.Task.ConfigureAwait(false);
                using var timer = new PeriodicTimer(interval);
                while (Stopwatch.GetTimestamp() < Volatile.Read(ref holdEnd) && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    latencies.Add(await ExtProcLoadDriver.SendAsync(call, delta, id, cancellationToken).ConfigureAwait(false));
                    Interlocked.Increment(ref chunks);
                }

                await ExtProcLoadDriver.SendAsync(call, suffix, id, cancellationToken).ConfigureAwait(false);
                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcException or LoadMismatchException or TimeoutException or IOException)
            {
                errors.Add($"{script.Name}: {e.Message}");
                if (Interlocked.Increment(ref opened) == streams)
                {
                    allOpen.TrySetResult();
                }
            }
            finally
            {
                call?.Dispose();
            }
        }

        var tasks = new List<Task>(streams);
        for (var i = 0; i < streams; i++)
        {
            tasks.Add(Task.Run(RunStreamAsync, cancellationToken));
        }

        await allOpen.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
        var cpuBefore = server.CpuTime();
        Volatile.Write(ref holdEnd, Stopwatch.GetTimestamp() + (long)(hold.TotalSeconds * Stopwatch.Frequency));
        go.TrySetResult();
        await Task.Delay(hold, cancellationToken).ConfigureAwait(false);
        var cpu = server.CpuTime() - cpuBefore;
        var sent = Interlocked.Read(ref chunks);
        var (rss, _) = server.Memory();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        var active = await server.WaitForNoActiveStreamsAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var dropped = await server.UsageRecordsDroppedAsync().ConfigureAwait(false) - droppedBefore;
        return new ScaleRun(server.Name, streams, hold, sent, errors.Count, errors.First, cpu, sorted, rss, server.Memory().PeakRss, active) { UsageRecordsDropped = dropped };
    }

    /// <summary>
    /// The recorded response body as three messages: everything up to and including the first text delta, that delta
    /// alone (repeated), and the rest with end_of_stream.
    /// </summary>
    private static (RecordedMessage Prefix, RecordedMessage Delta, RecordedMessage Suffix) Plan(ExchangeScript script)
    {
        var chunks = script.ResponseBodyChunks;
        if (chunks.Count < 2)
        {
            throw new InvalidOperationException($"{script.Name} is not a streamed response; the scale scenario needs one.");
        }

        var bytes = chunks.SelectMany(c => c.Request.ResponseBody.Body.ToByteArray()).ToArray();
        var events = StreamEvents.Split(bytes);
        var first = events.FindIndex(StreamEvents.IsTextDelta);
        if (first < 0)
        {
            throw new InvalidOperationException($"{script.Name}: no text delta in the recorded stream.");
        }

        var answer = chunks[0].Answer;
        RecordedMessage Message(IEnumerable<byte[]> parts, bool end) => new(new ProcessingRequest
        {
            ResponseBody = new HttpBody { Body = Google.Protobuf.ByteString.CopyFrom([.. parts.SelectMany(p => p)]), EndOfStream = end },
            MetadataContext = chunks[0].Request.MetadataContext,
        }, answer);

        return (Message(events.Take(first + 1), false), Message([events[first]], false), Message(events.Skip(first + 1), true));
    }
}
