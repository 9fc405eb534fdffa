namespace AiGateway.Processor.Identity;

/// <summary>Who is calling: their team, an id for usage records, the key id (never the key) and what they may use.</summary>
internal sealed record Caller(CallerKind Kind, string Team, string Id)
{
    public string? KeyId { get; init; }

    /// <summary>Public model names this caller may use; empty means any model.</summary>
    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    /// <summary>The key's own budgets (gateway keys only).</summary>
    public IReadOnlyList<KeyBudget> KeyBudgets { get; init; } = [];

    /// <summary>The key's own rate limits (gateway keys only).</summary>
    public KeyRateLimits? KeyRateLimits { get; init; }
}
