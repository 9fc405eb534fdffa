using System.Globalization;
using System.Text.Json.Nodes;
using AiGateway.Benchmarks.EndToEnd;
using AiGateway.Benchmarks.Load;
using AiGateway.Benchmarks.Micro;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OpenTelemetry.Trace;

namespace AiGateway.Benchmarks;

/// <summary>
/// Entry point (<c>./aigw bench</c> calls <c>run</c>):
/// <list type="bullet">
/// <item><c>run [--smoke|--quick] --processor &lt;aigw.dll&gt; [--gateway &lt;AiGateway.LocalGateway.dll&gt; --gateway-config &lt;yaml&gt;]
/// [--results &lt;dir&gt;]</c>: micro benchmarks, processor under load beside the no-op floor, scale, and (with the local
/// gateway) end to end; prints one table and writes JSON. Every mode exits 1 on any error, leaked stream or dropped usage record.</item>
/// <item><c>micro [--smoke|--quick] [BenchmarkDotNet arguments]</c>: the micro benchmarks alone.</item>
/// <item><c>allocations</c>: exact bytes per request and response translation, every pair (<see cref="AllocationsCommand"/>).</item>
/// <item><c>pipeline-allocations [scenario…]</c>: bytes per whole request through the pipeline in memory, by type (<see cref="PipelineAllocationsCommand"/>).</item>
/// <item><c>objects [--top N]</c>: objects per request and response translation with the top types (<see cref="ObjectsCommand"/>).</item>
/// <item><c>serve-noop --grpc-port N --admin-port N</c>: the floor processor (started by <c>run</c>).</item>
/// </list>
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "serve-noop":
                return await NoOpHost.RunAsync(IntOption(args, "--grpc-port"), IntOption(args, "--admin-port")).ConfigureAwait(false);
            case "allocations":
                return AllocationsCommand.Run();
            case "pipeline-allocations":
                return await PipelineAllocationsCommand.RunAsync(args[1..]).ConfigureAwait(false);
            case "objects":
                return ObjectsCommand.Run(args);
            case "micro":
                return RunMicro(Mode(args), BenchmarkArguments(args), ResultsFolder(args), out _);
            case "run":
                using (LoadDriverTracing())
                {
                    return await RunAllAsync(args).ConfigureAwait(false);
                }

            default:
                await Console.Error.WriteLineAsync("usage: AiGateway.Benchmarks run [--smoke|--quick] --processor <aigw.dll> [--results <dir>] | micro [--smoke|--quick] [BenchmarkDotNet args] | allocations | objects [--top N] | serve-noop --grpc-port N --admin-port N").ConfigureAwait(false);
                return 2;
        }
    }

    /// <summary>
    /// The load driver's ext_proc calls as gRPC client spans, like Envoy's own tracing, exported over OTLP only when
    /// the standard OTEL_EXPORTER_OTLP_ENDPOINT is set: off by default, so measurements pay nothing for it.
    /// </summary>
    private static TracerProvider? LoadDriverTracing() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
            ? null
            : OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddGrpcClientInstrumentation().AddOtlpExporter().Build();

    private static async Task<int> RunAllAsync(string[] args)
    {
        var mode = WithOverrides(Mode(args), args);
        var processor = Option(args, "--processor") ?? throw new ArgumentException("--processor <path to aigw.dll> is required.");
        var results = ResultsFolder(args);
        var started = DateTime.UtcNow;

        var microStatus = 0;
        var micro = new JsonObject { ["skipped"] = true };
        if (!args.Contains("--skip-micro"))
        {
            Console.WriteLine($"aigw bench {mode.Name}: micro benchmarks...");
            microStatus = RunMicro(mode, ["--filter", "*"], results, out micro);
        }


        Console.WriteLine($"aigw bench {mode.Name}: processor under load (beside the no-op floor)...");
        var work = Directory.CreateTempSubdirectory("aigw-bench-").FullName;
        JsonObject report;
        try
        {
            var suite = new LoadSuite(mode, new ServerLauncher(Path.GetFullPath(processor), work), Console.Out);
            var (load, scale) = await suite.RunAsync(CancellationToken.None).ConfigureAwait(false);
            var endToEnd = new JsonArray();
            if (Option(args, "--gateway") is { } gateway && Option(args, "--gateway-config") is { } gatewayConfig)
            {
                Console.WriteLine($"aigw bench {mode.Name}: gateway end to end (local gateway vs the fake provider directly, hey)...");
                var plan = mode.EndToEnd;
                endToEnd = await new EndToEndSuite(Path.GetFullPath(gateway), Path.GetFullPath(gatewayConfig), work, Console.Out)
                    .RunAsync(plan.Requests, plan.Concurrency, plan.FirstTokenRequests, plan.Repetitions).ConfigureAwait(false);
            }

            report = BenchReport.Build(mode.Name, load, scale, endToEnd, micro);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        BenchReport.PrintTable(report, Console.Out);
        BenchReport.PrintEndToEnd(report, Console.Out);
        var path = BenchReport.Write(report, results);
        Console.WriteLine($"aigw bench {mode.Name}: {(DateTime.UtcNow - started).TotalSeconds:0} s; results in {path}");

        var problems = Problems(report).ToList();
        if (microStatus != 0)
        {
            problems.Add("micro benchmarks failed");
        }

        foreach (var problem in problems)
        {
            Console.WriteLine("aigw bench: " + problem);
        }

        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Errors, leaked streams and dropped usage records fail every mode; no mode ever asserts a time.</summary>
    private static IEnumerable<string> Problems(JsonObject report)
    {
        foreach (var row in report["load"]!.AsArray().Concat(report["scale"]!.AsArray()).Concat(report["end_to_end"]!.AsArray()))
        {
            var name = row!["name"]!.GetValue<string>();
            if (row["errors"]!.GetValue<int>() > 0)
            {
                yield return $"{name}: {row["errors"]} errors (first: {row["first_error"]})";
            }

            if (row["leaked_streams"]!.GetValue<int>() != 0)
            {
                yield return $"{name}: {row["leaked_streams"]} streams still active after the run";
            }

            if (row["usage_records_dropped"]?.GetValue<long>() is > 0 and var dropped)
            {
                yield return $"{name}: {dropped} usage records dropped (a sink's queue was full)";
            }
        }
    }

    private static int RunMicro(BenchMode mode, string[] benchmarkArgs, string results, out JsonObject summary)
    {
        var assembly = typeof(BenchCommand).Assembly;
        if (mode.Name == "smoke")
        {
            var failures = MicroSmokeRunner.Run(assembly, Console.Out);
            summary = new JsonObject { ["smoke_failures"] = new JsonArray([.. failures.Select(f => (JsonNode)f)]) };
            return failures.Count == 0 ? 0 : 1;
        }

        // Quick: in-process and short (rough figures in about a minute); full: out of process with a fixed 4 warm-up and
        // 12 measured iterations per benchmark (BenchmarkDotNet's adaptive default took over 25 minutes here for
        // spreads that 12 iterations already show).
        var job = mode.Name == "quick"
            ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100))
            : Job.Default.WithLaunchCount(1).WithWarmupCount(4).WithIterationCount(12);
        var artifacts = Path.Combine(results, "micro");
        // Out of process, BenchmarkDotNet rebuilds the processor and its protos in a fresh folder; two minutes (its
        // default) is not always enough on two cores.
        var config = DefaultConfig.Instance.AddJob(job.AsDefault()).AddExporter(JsonExporter.Full).WithArtifactsPath(artifacts)
            .WithBuildTimeout(TimeSpan.FromMinutes(10));
        var reports = BenchmarkSwitcher.FromAssembly(assembly).Run(benchmarkArgs, config).ToList();
        summary = new JsonObject { ["artifacts"] = artifacts, ["benchmarks"] = reports.Sum(r => r.Reports.Length) };
        return reports.All(r => !r.HasCriticalValidationErrors && r.Reports.All(b => b.Success)) ? 0 : 1;
    }

    /// <summary>
    /// For looking at one thing without the whole mode: <c>--scenarios a,b</c> (or <c>none</c>), <c>--concurrency 1,32</c>,
    /// <c>--requests N</c> (per level), <c>--repetitions N</c>, <c>--scale-streams N</c>, <c>--scale-hold-s S</c> (0 skips scale), <c>--skip-micro</c>, and without
    /// <c>--gateway</c> no end-to-end run.
    /// </summary>
    private static BenchMode WithOverrides(BenchMode mode, string[] args)
    {
        if (Option(args, "--scenarios") is { } scenarios)
        {
            mode = mode with { Scenarios = scenarios == "none" ? [] : scenarios.Split(',') };
        }

        if (Option(args, "--concurrency") is { } levels)
        {
            mode = mode with { Concurrency = [.. levels.Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))] };
        }

        if (Option(args, "--requests") is { } count)
        {
            // Long enough to attach a profiler (dotnet-trace -p <pid printed at start>) to a saturated processor.
            var fixedCount = int.Parse(count, CultureInfo.InvariantCulture);
            mode = mode with { Requests = _ => fixedCount };
        }

        if (Option(args, "--repetitions") is { } repetitions)
        {
            mode = mode with { Repetitions = int.Parse(repetitions, CultureInfo.InvariantCulture) };
        }

        if (Option(args, "--scale-streams") is { } streams)
        {
            mode = mode with { ScaleStreams = int.Parse(streams, CultureInfo.InvariantCulture) };
        }

        if (Option(args, "--scale-hold-s") is { } hold)
        {
            var seconds = double.Parse(hold, CultureInfo.InvariantCulture);
            mode = seconds == 0 ? mode with { ScaleRepetitions = 0 } : mode with { ScaleHold = TimeSpan.FromSeconds(seconds) };
        }

        return mode;
    }

    /// <summary>What follows <c>micro</c>, less this command's own options, goes to BenchmarkDotNet.</summary>
    private static string[] BenchmarkArguments(string[] args)
    {
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--results")
            {
                i++;
            }
            else if (args[i] is not ("--smoke" or "--quick" or "--full"))
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }

    private static BenchMode Mode(string[] args) =>
        args.Contains("--smoke") ? BenchMode.Smoke : args.Contains("--quick") ? BenchMode.Quick : BenchMode.Full;

    private static string ResultsFolder(string[] args) =>
        Option(args, "--results") ?? Path.Combine(AppContext.BaseDirectory, "results");

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int IntOption(string[] args, string name) =>
        int.Parse(Option(args, name) ?? throw new ArgumentException(name + " is required."), CultureInfo.InvariantCulture);
}
