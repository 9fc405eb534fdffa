using System.Diagnostics;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// Plays Envoy against a processor over loopback gRPC (h2c): for each request, the router-level stream's request
/// phases, then the upstream-level stream of each recorded attempt, then the router's response phases (including the
/// provider's response bytes from the recording), one answer awaited per message, then half-close and reset as
/// Envoy does (ext-proc-protocol.md §0.10). A mismatch in the kind of answer (e.g. an immediate_response where the
/// recording continued) counts as an error.
/// </summary>
internal sealed class ExtProcLoadDriver : IDisposable
{
    private static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(30);
    private readonly GrpcChannel _channel;
    private readonly ExternalProcessor.ExternalProcessorClient _client;
    private long _sequence;
    private PhaseLatencies? _phases;

    public ExtProcLoadDriver(Uri address)
    {
        // Envoy multiplexes ext_proc streams over a few HTTP/2 connections; allow more than one so 1,000 streams fit.
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        });
        _client = new ExternalProcessor.ExternalProcessorClient(_channel);
    }

    /// <summary>Warm-up (not measured), then exactly <paramref name="requests"/> replays at the given concurrency.</summary>
    public async Task<LoadRun> RunAsync(ServerProcess server, ExchangeScript script, int concurrency, TimeSpan warmup, int requests, CancellationToken cancellationToken)
    {
        var errors = new ErrorTally();
        var droppedBefore = await server.UsageRecordsDroppedAsync().ConfigureAwait(false);
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        await RunWorkersAsync(concurrency, async () =>
        {
            while (Stopwatch.GetTimestamp() < warmupEnd)
            {
                await ReplayCountingErrorsAsync(script, errors, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var latencies = new double[requests];
        var phases = new PhaseLatencies();
        _phases = phases;
        var next = -1;
        var cpuBefore = server.CpuTime();
        var started = Stopwatch.GetTimestamp();
        await RunWorkersAsync(concurrency, async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                latencies[index] = await ReplayCountingErrorsAsync(script, errors, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = server.CpuTime() - cpuBefore;
        _phases = null;

        // A failed replay has no latency of its own; it is counted in the errors instead.
        latencies = [.. latencies.Where(l => !double.IsNaN(l))];
        Array.Sort(latencies);
        var active = await server.WaitForNoActiveStreamsAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var dropped = await server.UsageRecordsDroppedAsync().ConfigureAwait(false) - droppedBefore;
        return new LoadRun(server.Name, concurrency, requests, errors.Count, errors.First, elapsed, cpu, latencies, server.Memory().PeakRss, active)
        {
            Phases = phases.Sorted(),
            UsageRecordsDropped = dropped,
        };
    }

    /// <summary>One replay; returns its processor-side time in microseconds (NaN after an error, which is counted).</summary>
    public async Task<double> ReplayCountingErrorsAsync(ExchangeScript script, ErrorTally errors, CancellationToken cancellationToken)
    {
        try
        {
            return await ReplayAsync(script, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or LoadMismatchException or TimeoutException or IOException)
        {
            errors.Add($"{script.Name}: {e.Message}");
            return double.NaN;
        }
    }

    /// <summary>Opens a router-level stream and plays its messages up to (not including) the first response body chunk.</summary>
    public async Task<(AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse> Call, ByteString Id)> OpenUntilResponseBodyAsync(ExchangeScript script, CancellationToken cancellationToken)
    {
        var id = NewRequestId();
        var router = _client.Process(cancellationToken: cancellationToken);
        var attemptsDone = false;
        foreach (var message in script.Router)
        {
            if (message.Request.RequestCase == ProcessingRequest.RequestOneofCase.ResponseBody)
            {
                break;
            }

            attemptsDone = await RunAttemptsBeforeResponseAsync(script, message, attemptsDone, id, cancellationToken).ConfigureAwait(false);
            await SendAsync(router, message, id, cancellationToken).ConfigureAwait(false);
        }

        return (router, id);
    }

    /// <summary>Sends one message and waits for its answer; returns the round trip in microseconds.</summary>
    public static async Task<double> SendAsync(AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse> call, RecordedMessage message, ByteString id, CancellationToken cancellationToken)
    {
        var request = ExchangeScript.ForReplay(message, id);
        var started = Stopwatch.GetTimestamp();
        await call.RequestStream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        if (message.Answer == ProcessingResponse.ResponseOneofCase.None)
        {
            return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        if (!await call.ResponseStream.MoveNext(cancellationToken).WaitAsync(MessageTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new LoadMismatchException($"the processor ended the stream instead of answering {message.Request.RequestCase}");
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        var answer = call.ResponseStream.Current.ResponseCase;
        return answer == message.Answer
            ? elapsed
            : throw new LoadMismatchException($"{message.Request.RequestCase} was answered with {answer}, the recording with {message.Answer}");
    }

    public void Dispose() => _channel.Dispose();

    private async Task<double> ReplayAsync(ExchangeScript script, CancellationToken cancellationToken)
    {
        var id = NewRequestId();
        double busy = 0;
        using (var router = _client.Process(cancellationToken: cancellationToken))
        {
            var attemptsDone = false;
            foreach (var message in script.Router)
            {
                if (!attemptsDone && message.IsResponsePhase)
                {
                    foreach (var attempt in script.Attempts)
                    {
                        busy += await RunStreamAsync(attempt, id, cancellationToken).ConfigureAwait(false);
                    }

                    attemptsDone = true;
                }

                var roundTrip = await SendAsync(router, message, id, cancellationToken).ConfigureAwait(false);
                _phases?.Add("router", message.Request.RequestCase, roundTrip);
                busy += roundTrip;
            }

            await router.RequestStream.CompleteAsync().ConfigureAwait(false);
        }

        // Disposing the call without reading to the end resets the stream, as Envoy does right after its half-close.
        return busy;
    }

    private async Task<bool> RunAttemptsBeforeResponseAsync(ExchangeScript script, RecordedMessage message, bool attemptsDone, ByteString id, CancellationToken cancellationToken)
    {
        if (attemptsDone || !message.IsResponsePhase)
        {
            return attemptsDone;
        }

        foreach (var attempt in script.Attempts)
        {
            await RunStreamAsync(attempt, id, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<double> RunStreamAsync(IReadOnlyList<RecordedMessage> messages, ByteString id, CancellationToken cancellationToken)
    {
        double busy = 0;
        using var call = _client.Process(cancellationToken: cancellationToken);
        foreach (var message in messages)
        {
            var roundTrip = await SendAsync(call, message, id, cancellationToken).ConfigureAwait(false);
            _phases?.Add("upstream", message.Request.RequestCase, roundTrip);
            busy += roundTrip;
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return busy;
    }

    private ByteString NewRequestId() => ByteString.CopyFromUtf8("bench-" + Interlocked.Increment(ref _sequence).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Task RunWorkersAsync(int concurrency, Func<Task> worker) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(worker)));
}
