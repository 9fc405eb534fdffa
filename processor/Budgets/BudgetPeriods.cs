using System.Globalization;
using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Budgets;

/// <summary>Budget windows are UTC calendar days and months (docs/budgets.md).</summary>
internal static class BudgetPeriods
{
    public static (string Period, DateTimeOffset ResetsAt) Current(BudgetPeriod period, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return period switch
        {
            BudgetPeriod.Day => (utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new DateTimeOffset(utc.Date.AddDays(1), TimeSpan.Zero)),
            _ => (utc.ToString("yyyy-MM", CultureInfo.InvariantCulture), new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1)),
        };
    }
}
