namespace AiGateway.Processor.ExtProc;

/// <summary>Counts ext_proc streams in flight, for draining on shutdown and for telemetry.</summary>
internal sealed class ActiveExchanges
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit() => Interlocked.Decrement(ref _count);
}
