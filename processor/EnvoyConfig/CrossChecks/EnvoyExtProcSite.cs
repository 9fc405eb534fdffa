using Envoy.Extensions.Filters.Http.ExtProc.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>An ext_proc filter: router-level (in an HCM) or upstream (in a cluster, <see cref="Cluster"/> set).</summary>
internal sealed record EnvoyExtProcSite(ExternalProcessor Filter, string Path, string? Cluster)
{
    public bool IsUpstream => Cluster is not null;

    public string Describe() => IsUpstream ? $"the upstream ext_proc filter of cluster {Cluster}" : "the router-level ext_proc filter";
}
