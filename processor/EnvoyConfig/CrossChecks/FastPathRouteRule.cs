using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.HeaderMutation.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// The single-backend fast path (adr/016) needs Envoy and the processor to agree. A model's cluster without the
/// upstream ext_proc gets no per-attempt translation, so its model must have <c>fast_path: true</c> (the router-level
/// filter then translates and signs). A fast-path model's route rewrites the host to its backend's host, because the
/// router-level filter may not set <c>:authority</c> (ext-proc-protocol.md §0.6) and SigV4 signed that host; and
/// without the upstream filter, the cluster's header_mutation removes the internal routing headers before the provider.
/// </summary>
internal sealed class FastPathRouteRule : IEnvoyCrossCheckRule
{
    private static readonly string[] InternalHeaders = [Routing.ModelRouteStage.RouteHeader, Routing.RequestIdStage.HeaderName];

    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        foreach (var model in processor.ModelBackends.Keys)
        {
            if (ModelRouteRule.FindModelRoute(envoy, model) is not { Route.Route_: { } action } site || envoy.FindCluster(action.Cluster) is not { } cluster)
            {
                continue; // ModelRouteRule reports it.
            }

            var hasUpstreamFilter = envoy.ExtProcs.Any(e => e.Cluster == cluster.Cluster.Name);
            if (!processor.FastPathHosts.TryGetValue(model, out var host))
            {
                if (!hasUpstreamFilter)
                {
                    problems.Add(new(cluster.UpstreamFiltersPath, $"cluster {cluster.Cluster.Name} of model '{model}' has no upstream ext_proc filter, but the model is not fast_path: requests would reach the provider untranslated and unsigned. Set fast_path: true on a single-backend model, or add the upstream ext_proc filter"));
                }

                continue;
            }

            if (host is not null && action.HostRewriteLiteral != host)
            {
                var found = action.HostRewriteSpecifierCase == RouteAction.HostRewriteSpecifierOneofCase.HostRewriteLiteral ? $"'{action.HostRewriteLiteral}'" : "none";
                problems.Add(new($"{site.Path}.route.host_rewrite_literal", $"model '{model}' is fast_path: its route must set host_rewrite_literal: {host} (its backend's host, which the request is signed for); found {found}"));
            }

            if (!hasUpstreamFilter)
            {
                foreach (var header in InternalHeaders.Where(h => !Removes(cluster, h)))
                {
                    problems.Add(new(cluster.UpstreamFiltersPath, $"cluster {cluster.Cluster.Name} of fast_path model '{model}' must remove {header} in a header_mutation filter: without the upstream ext_proc nothing else keeps it from the provider"));
                }
            }
        }
    }

    private static bool Removes(EnvoyClusterSite cluster, string header) =>
        cluster.UpstreamFilters.Select(EnvoyConfigView.Unpack<HeaderMutation>)
            .Any(f => f?.Mutations?.RequestMutations.Any(m => string.Equals(m.Remove, header, StringComparison.OrdinalIgnoreCase)) == true);
}
