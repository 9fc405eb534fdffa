using System.Net;
using Envoy.Extensions.Upstreams.Http.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// Both ext_proc levels point at one processor cluster (they must reach the same process, DESIGN.md §1), which is
/// HTTP/2 to a loopback address on the processor's server.grpc_port. A cluster that fails over between several
/// backends has the upstream ext_proc filter (each attempt is re-translated and re-signed, DESIGN.md §2).
/// </summary>
internal sealed class ProcessorClusterRule : IEnvoyCrossCheckRule
{
    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        var routerLevel = envoy.ExtProcs.FirstOrDefault(e => !e.IsUpstream);
        if (routerLevel is null)
        {
            var where = envoy.Listeners.FirstOrDefault(l => l.Hcm is not null)?.HcmPath ?? "static_resources.listeners";
            problems.Add(new($"{where}.http_filters", "no router-level envoy.filters.http.ext_proc filter: the processor never sees a request"));
            return;
        }

        var processorCluster = ClusterOf(routerLevel);
        foreach (var site in envoy.ExtProcs)
        {
            var name = ClusterOf(site);
            if (name is null)
            {
                problems.Add(new($"{site.Path}.grpc_service", $"{site.Describe()} must use grpc_service.envoy_grpc.cluster_name (the processor cluster)"));
            }
            else if (name != processorCluster)
            {
                problems.Add(new($"{site.Path}.grpc_service.envoy_grpc.cluster_name", $"{site.Describe()} points at '{name}', the router-level one at '{processorCluster}': both must reach the same processor"));
            }
        }

        foreach (var cluster in envoy.Clusters.Where(c => c.Backends().Select(b => b.Backend).Distinct().Count() > 1))
        {
            if (!envoy.ExtProcs.Any(e => e.Cluster == cluster.Cluster.Name))
            {
                problems.Add(new(cluster.UpstreamFiltersPath, $"cluster {cluster.Cluster.Name} fails over between several backends but has no upstream ext_proc filter, so a retry would reach the next provider untranslated"));
            }
        }

        if (processorCluster is not null)
        {
            CheckProcessorCluster(envoy, processorCluster, processor.ProcessorGrpcPort, $"{routerLevel.Path}.grpc_service.envoy_grpc.cluster_name", problems);
        }
    }

    private static void CheckProcessorCluster(EnvoyConfigView envoy, string name, int port, string referencePath, List<EnvoyConfigProblem> problems)
    {
        if (envoy.FindCluster(name) is not { } site)
        {
            problems.Add(new(referencePath, $"processor cluster '{name}' is not defined in static_resources.clusters"));
            return;
        }

        var addresses = site.Cluster.LoadAssignment?.Endpoints.SelectMany(e => e.LbEndpoints).Select(e => e.Endpoint?.Address?.SocketAddress).ToList() ?? [];
        if (addresses.Count == 0 || addresses.Any(a => a is null || !IsLoopback(a.Address) || a.PortValue != port))
        {
            problems.Add(new($"{site.Path}.load_assignment", $"the processor cluster must point at a loopback address on port {port} (server.grpc_port): the processor is a localhost sidecar"));
        }

        var options = site.Cluster.TypedExtensionProtocolOptions.TryGetValue(EnvoyConfigView.ProtocolOptionsKey, out var any) && any.Is(HttpProtocolOptions.Descriptor)
            ? any.Unpack<HttpProtocolOptions>()
            : null;
#pragma warning disable CS0612 // The deprecated cluster-level http2_protocol_options still selects HTTP/2 in Envoy.
        var http2 = options?.ExplicitHttpConfig?.Http2ProtocolOptions is not null || site.Cluster.Http2ProtocolOptions is not null;
#pragma warning restore CS0612
        if (!http2)
        {
            problems.Add(new(site.Path, "the processor cluster must speak HTTP/2 (gRPC): set explicit_http_config.http2_protocol_options in its HttpProtocolOptions"));
        }
    }

    private static string? ClusterOf(EnvoyExtProcSite site) =>
        site.Filter.GrpcService?.TargetSpecifierCase == Envoy.Config.Core.V3.GrpcService.TargetSpecifierOneofCase.EnvoyGrpc ? site.Filter.GrpcService.EnvoyGrpc.ClusterName : null;

    private static bool IsLoopback(string address) =>
        address == "localhost" || (IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip));
}
