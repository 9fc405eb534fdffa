using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>A stream's dynamic metadata (StreamInfo): one Struct per namespace, merged like Envoy's MergeFrom (§3.12).</summary>
internal sealed class DynamicMetadata
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Struct> _namespaces = new(StringComparer.Ordinal);

    public void Merge(string ns, Struct value)
    {
        lock (_lock)
        {
            if (!_namespaces.TryGetValue(ns, out var existing))
            {
                _namespaces[ns] = existing = new Struct();
            }

            existing.MergeFrom(value);
        }
    }

    public Struct? Get(string ns)
    {
        lock (_lock)
        {
            return _namespaces.TryGetValue(ns, out var value) ? value.Clone() : null;
        }
    }

    /// <summary>A copy as Envoy's Metadata message (filter_metadata), e.g. for the request log.</summary>
    public Metadata Snapshot()
    {
        lock (_lock)
        {
            var metadata = new Metadata();
            foreach (var (ns, value) in _namespaces)
            {
                metadata.FilterMetadata[ns] = value.Clone();
            }

            return metadata;
        }
    }
}
