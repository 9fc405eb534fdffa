namespace AiGateway.Benchmarks.Load;

/// <summary>
/// Runs the processor-under-load and scale scenarios of one <see cref="BenchMode"/>. For each repetition it starts a
/// fresh processor and a fresh floor, then for each scenario and concurrency level warms both up and measures both,
/// alternating, so noise on the machine hits both sides alike.
/// </summary>
internal sealed class LoadSuite(BenchMode mode, ServerLauncher launcher, TextWriter log)
{
    public async Task<(List<(string Scenario, LoadRun Processor, LoadRun Floor)> Load, List<(ScaleRun Processor, ScaleRun Floor)> Scale)> RunAsync(CancellationToken cancellationToken)
    {
        var load = new List<(string, LoadRun, LoadRun)>();
        var scripts = mode.Scenarios.Select(name => ExchangeScript.Load(Path.Combine(AppContext.BaseDirectory, "Exchanges", name))).ToList();
        // With no scenario (--scenarios none: scale only) no server is started for the load part.
        for (var repetition = 1; repetition <= mode.Repetitions && scripts.Count > 0; repetition++)
        {
            // One processor and one floor per repetition, serving every scenario in turn (as one sidecar serves all
            // routes); peak RSS is therefore the peak so far in that process.
            await using var processor = await launcher.StartProcessorAsync().ConfigureAwait(false);
            await using var floor = await launcher.StartFloorAsync().ConfigureAwait(false);
            using var toProcessor = new ExtProcLoadDriver(processor.GrpcAddress);
            using var toFloor = new ExtProcLoadDriver(floor.GrpcAddress);
            foreach (var script in scripts)
            {
                // Each scenario's first level gets the long warm-up: its translation path is new to the JIT.
                var warmup = mode.FirstWarmup;
                foreach (var concurrency in mode.Concurrency)
                {
                    var requests = mode.Requests(concurrency);
                    var real = await toProcessor.RunAsync(processor, script, concurrency, warmup, requests, cancellationToken).ConfigureAwait(false);
                    var noop = await toFloor.RunAsync(floor, script, concurrency, warmup, requests, cancellationToken).ConfigureAwait(false);
                    log.WriteLine($"  {script.Name,-32} c={concurrency,-4} #{repetition}  cpu {real.CpuMicrosecondsPerRequest,8:0} µs/req (floor {noop.CpuMicrosecondsPerRequest,6:0})  p50 {real.Percentile(50),8:0} µs (floor {noop.Percentile(50),6:0})  errors {real.Errors + noop.Errors}");
                    load.Add((script.Name, real, noop));
                    warmup = mode.LevelWarmup;
                }
            }
        }

        var scale = new List<(ScaleRun, ScaleRun)>();
        var streaming = ExchangeScript.Load(Path.Combine(AppContext.BaseDirectory, "Exchanges", BenchMode.ScaleScenario));
        for (var repetition = 1; repetition <= mode.ScaleRepetitions; repetition++)
        {
            await using var processor = await launcher.StartProcessorAsync().ConfigureAwait(false);
            await using var floor = await launcher.StartFloorAsync().ConfigureAwait(false);
            using var toProcessor = new ExtProcLoadDriver(processor.GrpcAddress);
            using var toFloor = new ExtProcLoadDriver(floor.GrpcAddress);

            // A short replay first so the JIT has compiled the streaming path before streams pile up.
            await toProcessor.RunAsync(processor, streaming, 4, mode.FirstWarmup, 4, cancellationToken).ConfigureAwait(false);
            await toFloor.RunAsync(floor, streaming, 4, mode.FirstWarmup, 4, cancellationToken).ConfigureAwait(false);
            var real = await ScaleDriver.RunAsync(toProcessor, processor, streaming, mode.ScaleStreams, mode.ScaleHold, BenchMode.ChunkInterval, cancellationToken).ConfigureAwait(false);
            var noop = await ScaleDriver.RunAsync(toFloor, floor, streaming, mode.ScaleStreams, mode.ScaleHold, BenchMode.ChunkInterval, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"  scale {mode.ScaleStreams} streams #{repetition}  cpu {real.CpuMicrosecondsPerChunk,6:0} µs/chunk (floor {noop.CpuMicrosecondsPerChunk,5:0})  rss {real.RssMb,5:0} MB (floor {noop.RssMb,4:0})  errors {real.Errors + noop.Errors}");
            scale.Add((real, noop));
        }

        return (load, scale);
    }
}
