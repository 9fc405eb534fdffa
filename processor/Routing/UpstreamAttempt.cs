namespace AiGateway.Processor.Routing;

/// <summary>
/// One upstream attempt of a client request (one upstream-level ext_proc stream, DESIGN.md §2): which backend,
/// when it started and ended (monotonic timestamps), and the provider's status when the upstream filter is
/// configured to send response headers. Written by that attempt's stream, read when the client request ends.
/// </summary>
internal sealed class UpstreamAttempt
{
    private long _endedAt;
    private int _status;

    public UpstreamAttempt(string backendName, long startedAt)
    {
        BackendName = backendName;
        StartedAt = startedAt;
    }

    public string BackendName { get; }

    public long StartedAt { get; }

    /// <summary>When the attempt's stream ended, or 0 while it runs.</summary>
    public long EndedAt => Volatile.Read(ref _endedAt);

    /// <summary>The provider's status, or 0 when unseen.</summary>
    public int Status => Volatile.Read(ref _status);

    public void End(long timestamp) => Volatile.Write(ref _endedAt, timestamp);

    public void SetStatus(int status) => Volatile.Write(ref _status, status);
}
