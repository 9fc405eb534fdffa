using Envoy.Extensions.Retry.Priority.PreviousPriorities.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// A model with several backends fails over by Envoy retries across priorities (DESIGN.md §2): its route needs a
/// retry policy with the <c>previous_priorities</c> retry priority and at least one retry per further backend.
/// </summary>
internal sealed class FailoverRetryRule : IEnvoyCrossCheckRule
{
    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        foreach (var (model, backends) in processor.ModelBackends.Where(m => m.Value.Count > 1))
        {
            if (ModelRouteRule.FindModelRoute(envoy, model) is not { Route.Route_: { } action } site)
            {
                continue; // ModelRouteRule reports it.
            }

            var policy = action.RetryPolicy;
            if (policy?.RetryPriority?.TypedConfig is not { } priority || !priority.Is(PreviousPrioritiesConfig.Descriptor))
            {
                problems.Add(new($"{site.Path}.route.retry_policy.retry_priority", $"model '{model}' has {backends.Count} backends: its retry policy needs retry_priority envoy.retry_priorities.previous_priorities so a retry moves to the next provider"));
            }

            var retries = policy?.NumRetries ?? 1;
            if (retries < backends.Count - 1)
            {
                problems.Add(new($"{site.Path}.route.retry_policy.num_retries", $"model '{model}' has {backends.Count} backends but {retries} retries: set num_retries to at least {backends.Count - 1}"));
            }
        }
    }
}
