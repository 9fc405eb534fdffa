using System.Collections.Concurrent;
using Envoy.Service.ExtProc.V3;

namespace AiGateway.Benchmarks.Load;

/// <summary>Round trips per phase (filter level and message kind, e.g. <c>upstream:RequestHeaders</c>) over a measured phase.</summary>
internal sealed class PhaseLatencies
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _byPhase = new(StringComparer.Ordinal);

    public void Add(string level, ProcessingRequest.RequestOneofCase kind, double microseconds) =>
        _byPhase.GetOrAdd($"{level}:{kind}", _ => new ConcurrentQueue<double>()).Enqueue(microseconds);

    /// <summary>Each phase's round trips, sorted.</summary>
    public IReadOnlyDictionary<string, double[]> Sorted() => _byPhase.ToDictionary(p => p.Key, p =>
    {
        var values = p.Value.ToArray();
        Array.Sort(values);
        return values;
    }, StringComparer.Ordinal);
}
