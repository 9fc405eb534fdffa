namespace AiGateway.Processor.Budgets;

/// <summary>
/// One limit a request counts against: a team's or a key's budget for one period (e.g. <c>team:search</c> in
/// <c>2026-11</c>). Money is in micro-USD (1e-6 USD) as whole numbers, so sums are exact and finance can reconcile.
/// </summary>
internal sealed record BudgetScope(string Name, string Period, long LimitMicroUsd, DateTimeOffset ResetsAt)
{
    /// <summary>The storage key: scope name and period together.</summary>
    public string Key => $"{Name}|{Period}";
}
