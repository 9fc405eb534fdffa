using AiGateway.Processor.Routing;
using Envoy.Config.Route.V3;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// Every public model has a route matching <c>x-aigw-route: &lt;model&gt;</c> (the processor sets that header and
/// clears the route cache, DESIGN.md §2) that sends to an existing cluster and is not shadowed by an earlier
/// catch-all route in the same virtual host; and every route on that header is for a model the processor defines.
/// </summary>
internal sealed class ModelRouteRule : IEnvoyCrossCheckRule
{
    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        CheckRoutesHaveModels(envoy, processor, problems);
        foreach (var model in processor.ModelBackends.Keys)
        {
            var site = FindModelRoute(envoy, model);
            if (site is null)
            {
                var where = envoy.Routes.Count > 0 ? envoy.Routes[0].Path[..envoy.Routes[0].Path.LastIndexOf('[')] : "static_resources.listeners";
                problems.Add(new(where, $"model '{model}' has no route matching header {ModelRouteStage.RouteHeader}: {model}; add one before the catch-all route"));
                continue;
            }

            var shadow = site.VirtualHost.Routes.TakeWhile(r => !ReferenceEquals(r, site.Route)).FirstOrDefault(IsCatchAll);
            if (shadow is not null)
            {
                problems.Add(new(site.Path, $"the route of model '{model}' comes after the catch-all route '{shadow.Name}', so it is never used; move it up"));
            }

            if (site.Route.ActionCase != EnvoyRoute.ActionOneofCase.Route_ || site.Route.Route_.ClusterSpecifierCase != RouteAction.ClusterSpecifierOneofCase.Cluster)
            {
                problems.Add(new(site.Path, $"the route of model '{model}' must send to one cluster (route.cluster)"));
            }
            else if (envoy.FindCluster(site.Route.Route_.Cluster) is null)
            {
                problems.Add(new($"{site.Path}.route.cluster", $"cluster '{site.Route.Route_.Cluster}' of model '{model}' is not defined in static_resources.clusters"));
            }
        }
    }

    /// <summary>
    /// A route for a route-header value the processor never sets (a model missing from, or renamed in, its config) is
    /// dead: the two configs disagree about which models exist.
    /// </summary>
    private static void CheckRoutesHaveModels(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        foreach (var site in envoy.Routes)
        {
            var routed = site.Route.Match?.Headers.FirstOrDefault(h => h.Name == ModelRouteStage.RouteHeader);
            if (routed is not null && ExactValue(routed) is { } model && !processor.ModelBackends.ContainsKey(model))
            {
                problems.Add(new(site.Path, $"route '{site.Route.Name}' matches {ModelRouteStage.RouteHeader}: {model}, a model the processor config does not define, so the processor never routes to it; add the model to the processor config or remove the route"));
            }
        }
    }

    /// <summary>The first route that matches the model's route header exactly.</summary>
    public static EnvoyRouteSite? FindModelRoute(EnvoyConfigView envoy, string model) =>
        envoy.Routes.FirstOrDefault(site => site.Route.Match?.Headers.Any(h => h.Name == ModelRouteStage.RouteHeader && ExactValue(h) == model) == true);

    private static string? ExactValue(HeaderMatcher header) => header.HeaderMatchSpecifierCase switch
    {
        HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch when header.StringMatch.MatchPatternCase == Envoy.Type.Matcher.V3.StringMatcher.MatchPatternOneofCase.Exact => header.StringMatch.Exact,
        _ => null,
    };

    private static bool IsCatchAll(EnvoyRoute route) =>
        route.Match is { } match && match.Headers.Count == 0 && match.QueryParameters.Count == 0
        && match.PathSpecifierCase == RouteMatch.PathSpecifierOneofCase.Prefix && match.Prefix is "" or "/";
}
