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
    /// Guardrail calls (Bedrock ApplyGuardrail) are bounded at 2 s until the guardrails config has its own timeout;
    /// when it does, read it in <see cref="From"/> instead of this default.
    /// </summary>
    public static readonly TimeSpan DefaultGuardrailTimeout = TimeSpan.FromSeconds(2);

    public static EnvoyCheckExpectations From(GatewayConfig config) => new(
        config.Models.ToDictionary(m => m.Key, m => (IReadOnlyList<string>)m.Value.Backends, StringComparer.Ordinal),
        config.Backends.Keys.ToList(),
        config.Server.GrpcPort,
        DefaultGuardrailTimeout,
        config.Server.MaxPromptBytes);
}
