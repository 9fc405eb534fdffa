namespace AiGateway.Processor.Budgets;

/// <summary>A worst-case amount held against every scope of a request until it is settled with the real cost.</summary>
internal sealed record BudgetReservation(string Id, IReadOnlyList<BudgetScope> Scopes, long AmountMicroUsd, DateTimeOffset ExpiresAt);
