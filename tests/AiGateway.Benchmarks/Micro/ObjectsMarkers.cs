using System.Diagnostics.Tracing;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// Marks where one measured operation's loop starts and stops in the <c>objects</c> trace, so the allocation events
/// between them (on the same thread) are counted for that operation only.
/// </summary>
[EventSource(Name = ProviderName)]
internal sealed class ObjectsMarkers : EventSource
{
    public const string ProviderName = "AiGateway-Bench-Objects";

    public const int LoopStartId = 1;

    public const int LoopStopId = 2;

    public static readonly ObjectsMarkers Log = new();

    [Event(LoopStartId)]
    public void LoopStart(string operation) => WriteEvent(LoopStartId, operation);

    [Event(LoopStopId)]
    public void LoopStop(string operation) => WriteEvent(LoopStopId, operation);
}
