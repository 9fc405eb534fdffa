using Envoy.Config.Bootstrap.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>Runs every cross-check rule on a parsed Bootstrap against the processor's expectations.</summary>
internal static class EnvoyCrossCheck
{
    private static readonly IEnvoyCrossCheckRule[] Rules =
    [
        new ModelRouteRule(),
        new BackendEndpointRule(),
        new FailoverRetryRule(),
        new ProcessorClusterRule(),
        new RouterExtProcRule(),
        new UpstreamExtProcRule(),
        new MessageTimeoutRule(),
        new BufferLimitRule(),
        new ContentLengthRestoreRule(),
        new FastPathRouteRule(),
    ];

    public static IReadOnlyList<EnvoyConfigProblem> Check(Bootstrap bootstrap, EnvoyCheckExpectations processor)
    {
        var envoy = EnvoyConfigView.From(bootstrap);
        var problems = new List<EnvoyConfigProblem>();
        foreach (var rule in Rules)
        {
            rule.Check(envoy, processor, problems);
        }

        return problems;
    }
}
