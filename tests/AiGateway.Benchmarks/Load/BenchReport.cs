using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// Turns the repetitions into one table and one JSON file: per scenario and concurrency, the median of each figure
/// over the repetitions, the floor's median beside it, the ratio, and the spread ((max − min) / median of the CPU
/// figure) so a noisy result shows itself.
/// </summary>
internal static class BenchReport
{
    public static JsonObject Build(string mode, IReadOnlyList<(string Scenario, LoadRun Processor, LoadRun Floor)> load, IReadOnlyList<(ScaleRun Processor, ScaleRun Floor)> scale, JsonArray endToEnd, JsonObject micro)
    {
        var scenarios = new JsonArray();
        foreach (var group in load.GroupBy(r => (r.Scenario, r.Processor.Concurrency)))
        {
            var runs = group.ToList();
            var cpu = Median(runs.Select(r => r.Processor.CpuMicrosecondsPerRequest));
            var floorCpu = Median(runs.Select(r => r.Floor.CpuMicrosecondsPerRequest));
            scenarios.Add(new JsonObject
            {
                ["name"] = group.Key.Scenario,
                ["concurrency"] = group.Key.Concurrency,
                ["cpu_us_per_request"] = Round(cpu),
                ["floor_cpu_us_per_request"] = Round(floorCpu),
                ["cpu_ratio"] = Round(Ratio(cpu, floorCpu), 2),
                ["cpu_spread_pct"] = Round(Spread(runs.Select(r => r.Processor.CpuMicrosecondsPerRequest))),
                ["floor_cpu_spread_pct"] = Round(Spread(runs.Select(r => r.Floor.CpuMicrosecondsPerRequest))),
                ["p50_us"] = Round(Median(runs.Select(r => r.Processor.Percentile(50)))),
                ["p90_us"] = Round(Median(runs.Select(r => r.Processor.Percentile(90)))),
                ["p99_us"] = Round(Median(runs.Select(r => r.Processor.Percentile(99)))),
                ["max_us"] = Round(Median(runs.Select(r => r.Processor.Percentile(100)))),
                ["floor_p50_us"] = Round(Median(runs.Select(r => r.Floor.Percentile(50)))),
                ["floor_p90_us"] = Round(Median(runs.Select(r => r.Floor.Percentile(90)))),
                ["floor_p99_us"] = Round(Median(runs.Select(r => r.Floor.Percentile(99)))),
                ["floor_max_us"] = Round(Median(runs.Select(r => r.Floor.Percentile(100)))),
                ["requests_per_second"] = Round(Median(runs.Select(r => r.Processor.RequestsPerSecond))),
                ["floor_requests_per_second"] = Round(Median(runs.Select(r => r.Floor.RequestsPerSecond))),
                ["rss_mb"] = Round(Median(runs.Select(r => r.Processor.PeakRssMb))),
                ["floor_rss_mb"] = Round(Median(runs.Select(r => r.Floor.PeakRssMb))),
                ["requests"] = runs[0].Processor.Requests,
                ["repetitions"] = runs.Count,
                ["errors"] = runs.Sum(r => r.Processor.Errors + r.Floor.Errors),
                ["first_error"] = runs.Select(r => r.Processor.FirstError ?? r.Floor.FirstError).FirstOrDefault(e => e is not null),
                ["leaked_streams"] = runs.Sum(r => r.Processor.ActiveStreamsAfter + r.Floor.ActiveStreamsAfter),
                ["usage_records_dropped"] = runs.Sum(r => r.Processor.UsageRecordsDropped),
                ["phases"] = Phases(runs),
            });
        }

        var scaleRuns = new JsonArray();
        if (scale.Count > 0)
        {
            scaleRuns.Add(new JsonObject
            {
                ["name"] = BenchMode.ScaleScenario,
                ["streams"] = scale[0].Processor.Streams,
                ["held_s"] = scale[0].Processor.Held.TotalSeconds,
                ["chunk_interval_ms"] = BenchMode.ChunkInterval.TotalMilliseconds,
                ["cpu_us_per_chunk"] = Round(Median(scale.Select(s => s.Processor.CpuMicrosecondsPerChunk))),
                ["floor_cpu_us_per_chunk"] = Round(Median(scale.Select(s => s.Floor.CpuMicrosecondsPerChunk))),
                ["chunk_p99_us"] = Round(Median(scale.Select(s => s.Processor.Percentile(99)))),
                ["chunk_max_us"] = Round(Median(scale.Select(s => s.Processor.Percentile(100)))),
                ["floor_chunk_p99_us"] = Round(Median(scale.Select(s => s.Floor.Percentile(99)))),
                ["rss_mb"] = Round(Median(scale.Select(s => s.Processor.RssMb))),
                ["peak_rss_mb"] = Round(Median(scale.Select(s => s.Processor.PeakRssMb))),
                ["floor_rss_mb"] = Round(Median(scale.Select(s => s.Floor.RssMb))),
                ["chunks"] = scale.Sum(s => s.Processor.Chunks),
                ["repetitions"] = scale.Count,
                ["errors"] = scale.Sum(s => s.Processor.Errors + s.Floor.Errors),
                ["first_error"] = scale.Select(s => s.Processor.FirstError ?? s.Floor.FirstError).FirstOrDefault(e => e is not null),
                ["leaked_streams"] = scale.Sum(s => s.Processor.ActiveStreamsAfter + s.Floor.ActiveStreamsAfter),
                ["usage_records_dropped"] = scale.Sum(s => s.Processor.UsageRecordsDropped),
            });
        }

        return new JsonObject
        {
            ["mode"] = mode,
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["commit"] = Environment.GetEnvironmentVariable("AIGW_BENCH_COMMIT") ?? "unknown",
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["load_average"] = LoadAverage(),
            },
            ["load"] = scenarios,
            ["scale"] = scaleRuns,
            ["end_to_end"] = endToEnd,
            ["micro"] = micro,
        };
    }

    public static void PrintTable(JsonObject report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"aigw bench ({report["mode"]}) {report["date"]} commit {report["commit"]}, {report["machine"]!["cores"]} cores, load average {report["machine"]!["load_average"]}");
        output.WriteLine("scenario                          conc   cpu µs/req  floor  ratio  spread    p50 µs  floor    p99 µs  floor    req/s   RSS MB  errors");
        foreach (var row in report["load"]!.AsArray())
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row!["name"],-33} {row["concurrency"],4} {row["cpu_us_per_request"],12} {row["floor_cpu_us_per_request"],6} {row["cpu_ratio"],6} {row["cpu_spread_pct"],6}% {row["p50_us"],9} {row["floor_p50_us"],6} {row["p99_us"],9} {row["floor_p99_us"],6} {row["requests_per_second"],8} {row["rss_mb"],8} {row["errors"],7}"));
        }

        foreach (var row in report["scale"]!.AsArray())
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scale: {row!["streams"]} streams held {row["held_s"]} s, a chunk every {row["chunk_interval_ms"]} ms: {row["cpu_us_per_chunk"]} µs CPU/chunk (floor {row["floor_cpu_us_per_chunk"]}), chunk p99 {row["chunk_p99_us"]} µs max {row["chunk_max_us"]} µs, RSS {row["rss_mb"]} MB (peak {row["peak_rss_mb"]}, floor {row["floor_rss_mb"]}), errors {row["errors"]}"));
        }
    }

    public static void PrintEndToEnd(JsonObject report, TextWriter output)
    {
        foreach (var row in report["end_to_end"]!.AsArray())
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"end to end {row!["name"]} (c={row["concurrency"]}, fake provider {row["fake_latency_ms"]} ms): gateway p50 {row["gateway_p50_us"]} µs p99 {row["gateway_p99_us"]} µs; direct p50 {row["direct_p50_us"]} µs p99 {row["direct_p99_us"]} µs; added p50 {row["added_p50_us"]} µs p99 {row["added_p99_us"]} µs{Ttft(row)}; errors {row["errors"]}"));
        }
    }

    public static string Write(JsonObject report, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"bench-{report["mode"]}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}.json");
        File.WriteAllText(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Per phase: the processor's and the floor's round-trip p50/p99 (median over the repetitions).</summary>
    private static JsonObject Phases(List<(string Scenario, LoadRun Processor, LoadRun Floor)> runs)
    {
        var phases = new JsonObject();
        foreach (var phase in runs[0].Processor.Phases.Keys.Order(StringComparer.Ordinal))
        {
            double At(LoadRun run, double p) => run.Phases.TryGetValue(phase, out var values) ? LoadRun.Percentile(values, p) : 0;
            phases[phase] = new JsonObject
            {
                ["p50_us"] = Round(Median(runs.Select(r => At(r.Processor, 50)))),
                ["p99_us"] = Round(Median(runs.Select(r => At(r.Processor, 99)))),
                ["floor_p50_us"] = Round(Median(runs.Select(r => At(r.Floor, 50)))),
                ["floor_p99_us"] = Round(Median(runs.Select(r => At(r.Floor, 99)))),
            };
        }

        return phases;
    }

    private static string Ttft(JsonNode row) => row["added_ttft_p50_us"] is null
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $"; first token: gateway p50 {row["gateway_ttft_p50_us"]} µs, direct p50 {row["direct_ttft_p50_us"]} µs, added p50 {row["added_ttft_p50_us"]} µs p99 {row["added_ttft_p99_us"]} µs");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        var median = Median(list);
        return median == 0 ? 0 : (list.Max() - list.Min()) / median * 100;
    }

    private static double Ratio(double value, double floor) => floor == 0 ? 0 : value / floor;

    private static double Round(double value, int digits = 1) => Math.Round(value, digits);

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
