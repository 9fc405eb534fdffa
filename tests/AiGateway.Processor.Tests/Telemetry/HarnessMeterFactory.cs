using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AiGateway.Processor.Tests.Telemetry;

/// <summary>
/// Gives one test processor's meters a version of their own. OpenTelemetry merges instruments of the same identity
/// (meter name and version, instrument name, unit, …) into one metric stream, and drops the stream when any one of
/// them is disposed: with the processors of parallel tests sharing the name, another test disposing its processor
/// silently dropped this one's points. A distinct version keeps each processor's streams apart.
/// </summary>
internal sealed class HarnessMeterFactory(string version) : IMeterFactory
{
    private readonly ConcurrentBag<Meter> _meters = [];

    public string Version { get; } = version;

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
