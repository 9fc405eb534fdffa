namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// Every backend has an endpoint whose metadata <c>aigw.backend</c> names it (the upstream ext_proc learns the
/// picked backend from it, DESIGN.md §2): each model's backends in its route's cluster, with priorities rising in
/// the model's failover order; a backend no model uses at least somewhere.
/// </summary>
internal sealed class BackendEndpointRule : IEnvoyCrossCheckRule
{
    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (model, backends) in processor.ModelBackends)
        {
            used.UnionWith(backends);
            var route = ModelRouteRule.FindModelRoute(envoy, model);
            if (route?.Route.Route_?.Cluster is not { Length: > 0 } clusterName || envoy.FindCluster(clusterName) is not { } cluster)
            {
                continue; // ModelRouteRule reports it.
            }

            var endpoints = cluster.Backends().ToList();
            uint? previousPriority = null;
            string? previousBackend = null;
            foreach (var backend in backends)
            {
                var endpoint = endpoints.FirstOrDefault(e => e.Backend == backend);
                if (endpoint.Backend is null)
                {
                    problems.Add(new($"{cluster.Path}.load_assignment", $"backend '{backend}' of model '{model}' has no endpoint with metadata aigw.backend: {backend} in cluster {clusterName}"));
                    continue;
                }

                if (previousPriority is { } before && endpoint.Priority <= before)
                {
                    problems.Add(new(endpoint.Path, $"backend '{backend}' has priority {endpoint.Priority}, not above '{previousBackend}' ({before}): model '{model}' lists the backends in failover order, priority 0 first"));
                }

                previousPriority = endpoint.Priority;
                previousBackend = backend;
            }
        }

        var everywhere = envoy.Clusters.SelectMany(c => c.Backends()).Select(e => e.Backend).ToHashSet(StringComparer.Ordinal);
        foreach (var backend in processor.Backends.Where(b => !used.Contains(b) && !everywhere.Contains(b)))
        {
            problems.Add(new("static_resources.clusters", $"backend '{backend}' has no endpoint with metadata aigw.backend: {backend} in any cluster"));
        }
    }
}
