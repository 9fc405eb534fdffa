using Envoy.Config.Bootstrap.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.Upstreams.Http.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// The parts of a parsed Bootstrap the cross-check rules read (listeners, routes, clusters, ext_proc filters),
/// each with its YAML path in the schema check's path syntax, so a rule's problem points at the field.
/// </summary>
internal sealed class EnvoyConfigView
{
    public const string HcmFilterName = "envoy.filters.network.http_connection_manager";
    public const string ProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private EnvoyConfigView(List<EnvoyListenerSite> listeners, List<EnvoyRouteSite> routes, List<EnvoyClusterSite> clusters, List<EnvoyExtProcSite> extProcs)
    {
        Listeners = listeners;
        Routes = routes;
        Clusters = clusters;
        ExtProcs = extProcs;
    }

    public IReadOnlyList<EnvoyListenerSite> Listeners { get; }

    public IReadOnlyList<EnvoyRouteSite> Routes { get; }

    public IReadOnlyList<EnvoyClusterSite> Clusters { get; }

    /// <summary>Every ext_proc filter, router-level and upstream.</summary>
    public IReadOnlyList<EnvoyExtProcSite> ExtProcs { get; }

    public EnvoyClusterSite? FindCluster(string name) => Clusters.FirstOrDefault(c => c.Cluster.Name == name);

    public static EnvoyConfigView From(Bootstrap bootstrap)
    {
        var listeners = new List<EnvoyListenerSite>();
        var routes = new List<EnvoyRouteSite>();
        var extProcs = new List<EnvoyExtProcSite>();
        var resources = bootstrap.StaticResources ?? new();
        for (var l = 0; l < resources.Listeners.Count; l++)
        {
            var listener = resources.Listeners[l];
            var path = $"static_resources.listeners[{l}]";
            for (var c = 0; c < listener.FilterChains.Count; c++)
            {
                var filters = listener.FilterChains[c].Filters;
                for (var f = 0; f < filters.Count; f++)
                {
                    if (filters[f].TypedConfig is not { } any || !any.Is(HttpConnectionManager.Descriptor))
                    {
                        continue;
                    }

                    var hcm = any.Unpack<HttpConnectionManager>();
                    var hcmPath = $"{path}.filter_chains[{c}].filters[{f}].typed_config";
                    listeners.Add(new EnvoyListenerSite(listener, path, hcm, hcmPath));
                    AddRoutes(hcm, hcmPath, routes);
                    AddExtProcs(hcm.HttpFilters, $"{hcmPath}.http_filters", null, extProcs);
                }
            }

            if (!listeners.Any(site => ReferenceEquals(site.Listener, listener)))
            {
                listeners.Add(new EnvoyListenerSite(listener, path, null, path));
            }
        }

        var clusters = new List<EnvoyClusterSite>();
        for (var i = 0; i < resources.Clusters.Count; i++)
        {
            var cluster = resources.Clusters[i];
            var path = $"static_resources.clusters[{i}]";
            var filtersPath = $"{path}.typed_extension_protocol_options[{ProtocolOptionsKey}].http_filters";
            var options = cluster.TypedExtensionProtocolOptions.TryGetValue(ProtocolOptionsKey, out var any) && any.Is(HttpProtocolOptions.Descriptor)
                ? any.Unpack<HttpProtocolOptions>()
                : null;
            var upstreamFilters = options?.HttpFilters.ToList() ?? [];
            clusters.Add(new EnvoyClusterSite(cluster, path, upstreamFilters, filtersPath));
            AddExtProcs(upstreamFilters, filtersPath, cluster.Name, extProcs);
        }

        return new EnvoyConfigView(listeners, routes, clusters, extProcs);
    }

    /// <summary>The filter's config when its typed_config is of type <typeparamref name="T"/>.</summary>
    public static T? Unpack<T>(HttpFilter filter)
        where T : class, Google.Protobuf.IMessage<T>, new()
    {
        var descriptor = new T().Descriptor;
        return filter.TypedConfig is { } any && any.Is(descriptor) ? any.Unpack<T>() : null;
    }

    private static void AddRoutes(HttpConnectionManager hcm, string hcmPath, List<EnvoyRouteSite> routes)
    {
        var hosts = hcm.RouteConfig?.VirtualHosts ?? [];
        for (var v = 0; v < hosts.Count; v++)
        {
            for (var r = 0; r < hosts[v].Routes.Count; r++)
            {
                routes.Add(new EnvoyRouteSite(hosts[v].Routes[r], hosts[v], $"{hcmPath}.route_config.virtual_hosts[{v}].routes[{r}]"));
            }
        }
    }

    private static void AddExtProcs(IEnumerable<HttpFilter> filters, string path, string? cluster, List<EnvoyExtProcSite> extProcs)
    {
        var i = 0;
        foreach (var filter in filters)
        {
            if (Unpack<ExternalProcessor>(filter) is { } extProc)
            {
                extProcs.Add(new EnvoyExtProcSite(extProc, $"{path}[{i}].typed_config", cluster));
            }

            i++;
        }
    }
}
