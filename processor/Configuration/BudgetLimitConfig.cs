namespace AiGateway.Processor.Configuration;

/// <summary>A spending limit in USD over a UTC calendar period.</summary>
internal sealed record BudgetLimitConfig
{
    public BudgetPeriod Period { get; init; } = BudgetPeriod.Month;

    public decimal Usd { get; init; }
}
