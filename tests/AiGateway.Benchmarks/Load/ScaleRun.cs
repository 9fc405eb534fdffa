namespace AiGateway.Benchmarks.Load;

/// <summary>Many streams held open at once, each sending a chunk at a fixed interval (issue 11, scale).</summary>
internal sealed record ScaleRun(
    string Server,
    int Streams,
    TimeSpan Held,
    long Chunks,
    int Errors,
    string? FirstError,
    TimeSpan CpuTime,
    double[] ChunkLatenciesMicroseconds,
    double RssMb,
    double PeakRssMb,
    int ActiveStreamsAfter)
{
    /// <summary>Usage records the server dropped while the streams ran and ended.</summary>
    public long UsageRecordsDropped { get; init; }

    public double CpuMicrosecondsPerChunk => Chunks == 0 ? 0 : CpuTime.TotalMicroseconds / Chunks;

    public double Percentile(double p)
    {
        if (ChunkLatenciesMicroseconds.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * ChunkLatenciesMicroseconds.Length) - 1;
        return ChunkLatenciesMicroseconds[Math.Clamp(rank, 0, ChunkLatenciesMicroseconds.Length - 1)];
    }
}
