namespace AiGateway.Benchmarks.Load;

/// <summary>
/// What one measured phase against one server produced. Latencies are processor-side: for each request, the sum of
/// the time from writing each message to reading its answer, over both filter levels (what Envoy waits for).
/// </summary>
internal sealed record LoadRun(
    string Server,
    int Concurrency,
    int Requests,
    int Errors,
    string? FirstError,
    TimeSpan Elapsed,
    TimeSpan CpuTime,
    double[] LatenciesMicroseconds,
    double PeakRssMb,
    int ActiveStreamsAfter)
{
    /// <summary>Round trips per phase (<c>router:RequestBody</c>, <c>upstream:RequestHeaders</c>, …), sorted; streamed bodies count each chunk.</summary>
    public IReadOnlyDictionary<string, double[]> Phases { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Usage records the server dropped during the run (warm-up included): "nothing is lost" under load.</summary>
    public long UsageRecordsDropped { get; init; }

    public double CpuMicrosecondsPerRequest => Requests == 0 ? 0 : CpuTime.TotalMicroseconds / Requests;

    public double RequestsPerSecond => Elapsed.TotalSeconds == 0 ? 0 : Requests / Elapsed.TotalSeconds;

    public double Percentile(double p) => Percentile(LatenciesMicroseconds, p);

    /// <summary>Nearest rank on sorted values.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
