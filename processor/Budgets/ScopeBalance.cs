namespace AiGateway.Processor.Budgets;

/// <summary>What a scope has spent (settled) and holds (reserved, not yet settled) in one period.</summary>
internal sealed record ScopeBalance(long SettledMicroUsd, long ReservedMicroUsd);
