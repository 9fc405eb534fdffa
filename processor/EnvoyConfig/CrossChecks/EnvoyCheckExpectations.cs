using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// What the processor's config requires of envoy.yaml, reduced to the facts the cross-check rules compare.
/// </summary>
/// <param name="ModelBackends">Public model name → its backends in failover order.</param>
/// <param name="Backends">Every backend name in the config.</param>
/// <param name="ProcessorGrpcPort">Where Envoy must find the processor (server.grpc_port).</param>
/// <param name="GuardrailTimeout">Longest a request-phase message may take in the processor (guardrail calls).</param>
/// <param name="MaxPromptBytes">Largest request body the deployment accepts (server.max_prompt_bytes).</param>
internal sealed record EnvoyCheckExpectations(
    IReadOnlyDictionary<string, IReadOnlyList<string>> ModelBackends,
    IReadOnlyCollection<string> Backends,
    int ProcessorGrpcPort,
    TimeSpan GuardrailTimeout,
    long MaxPromptBytes)
{
    /// <summary>
    /// Models with <c>fast_path: true</c> (adr/016) → the host of their single backend (as in <c>:authority</c> and
    /// SigV4), or null when the config cannot tell it.
    /// </summary>
    public IReadOnlyDictionary<string, string?> FastPathHosts { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>The ApplyGuardrail bound a Bedrock guardrail gets when its config sets none (docs/guardrails.md).</summary>
    public static readonly TimeSpan DefaultGuardrailTimeout = TimeSpan.FromSeconds(2);

    public static EnvoyCheckExpectations From(GatewayConfig config) => new(
        config.Models.ToDictionary(m => m.Key, m => (IReadOnlyList<string>)m.Value.Backends, StringComparer.Ordinal),
        config.Backends.Keys.ToList(),
        config.Server.GrpcPort,
        LongestGuardrailCalls(config.Guardrails),
        config.Server.MaxPromptBytes)
    {
        FastPathHosts = config.Models.Where(m => m.Value.FastPath && m.Value.Backends.Count == 1)
            .ToDictionary(m => m.Key, m => HostOf(config, m.Value.Backends[0]), StringComparer.Ordinal),
    };

    private static string? HostOf(GatewayConfig config, string backendName)
    {
        if (!config.Backends.TryGetValue(backendName, out var backend) || !config.Providers.TryGetValue(backend.Provider, out var provider))
        {
            return null;
        }

        try
        {
            return new Routing.BackendTarget(backendName, backend.Provider, provider, backend.Model).Authority;
        }
        catch (InvalidOperationException)
        {
            return null; // A provider without an endpoint: the config validator reports it.
        }
    }

    /// <summary>
    /// The longest one message may wait on guardrail calls: every policy's Bedrock guardrail may apply to the same
    /// request, one after another, so their bounds add up; never less than the default bound.
    /// </summary>
    private static TimeSpan LongestGuardrailCalls(GuardrailsConfig guardrails)
    {
        var total = TimeSpan.Zero;
        foreach (var policy in guardrails.Policies.Values)
        {
            total += policy.Bedrock?.Timeout ?? TimeSpan.Zero;
        }

        return total > DefaultGuardrailTimeout ? total : DefaultGuardrailTimeout;
    }
}
