namespace AiGateway.EnvoyStandIn.Configuration;

/// <param name="PreviousPriorities">retry_priority envoy.retry_priorities.previous_priorities is configured.</param>
internal sealed record RetryPolicyConfig(
    IReadOnlySet<string> RetryOn,
    int NumRetries,
    IReadOnlySet<int> RetriableStatusCodes,
    TimeSpan? PerTryTimeout,
    bool PreviousPriorities);
