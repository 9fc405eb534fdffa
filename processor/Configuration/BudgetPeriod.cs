namespace AiGateway.Processor.Configuration;

/// <summary>A budget window, in UTC: a calendar day or a calendar month.</summary>
internal enum BudgetPeriod
{
    Day,
    Month,
}
