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
    public double CpuMicrosecondsPerRequest => Requests == 0 ? 0 : CpuTime.TotalMicroseconds / Requests;

    public double RequestsPerSecond => Elapsed.TotalSeconds == 0 ? 0 : Requests / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMicroseconds.Length == 0)
        {
            return 0;
        }

        // Nearest rank on the sorted latencies.
        var rank = (int)Math.Ceiling(p / 100.0 * LatenciesMicroseconds.Length) - 1;
        return LatenciesMicroseconds[Math.Clamp(rank, 0, LatenciesMicroseconds.Length - 1)];
    }
}
