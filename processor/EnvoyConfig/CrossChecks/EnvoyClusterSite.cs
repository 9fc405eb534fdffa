using Envoy.Config.Cluster.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// A cluster, the upstream HTTP filters from its <c>HttpProtocolOptions</c> (empty when none) and their YAML path
/// (<c>…typed_extension_protocol_options[envoy.extensions.upstreams.http.v3.HttpProtocolOptions].http_filters</c>).
/// </summary>
internal sealed record EnvoyClusterSite(Cluster Cluster, string Path, IReadOnlyList<HttpFilter> UpstreamFilters, string UpstreamFiltersPath)
{
    /// <summary>The <c>aigw.backend</c> endpoint metadata of each endpoint, with its priority and path.</summary>
    public IEnumerable<(string Backend, uint Priority, string Path)> Backends()
    {
        var endpoints = Cluster.LoadAssignment?.Endpoints ?? [];
        for (var i = 0; i < endpoints.Count; i++)
        {
            for (var j = 0; j < endpoints[i].LbEndpoints.Count; j++)
            {
                var metadata = endpoints[i].LbEndpoints[j].Metadata;
                if (metadata is not null && metadata.FilterMetadata.TryGetValue("aigw", out var aigw)
                    && aigw.Fields.TryGetValue("backend", out var backend))
                {
                    yield return (backend.StringValue, endpoints[i].Priority, $"{Path}.load_assignment.endpoints[{i}].lb_endpoints[{j}].metadata.filter_metadata[aigw]");
                }
            }
        }
    }
}
