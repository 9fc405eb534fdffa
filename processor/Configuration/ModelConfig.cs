namespace AiGateway.Processor.Configuration;

/// <summary>A public model name agents ask for, and the backends that serve it in failover order.</summary>
internal sealed record ModelConfig
{
    public List<string> Aliases { get; init; } = [];

    /// <summary>Backends in priority order: the first is tried first, each next one on failover.</summary>
    public List<string> Backends { get; init; } = [];

    /// <summary>Used when the client sends no <c>max_tokens</c> (Anthropic requires one; budgets reserve it).</summary>
    public int? DefaultMaxTokens { get; init; }

    /// <summary>
    /// Single-backend fast path (adr/016): the router-level filter translates and signs the request in its body answer,
    /// and the model's Envoy cluster runs no upstream-level ext_proc. Only for exactly one backend.
    /// </summary>
    public bool FastPath { get; init; }
}
