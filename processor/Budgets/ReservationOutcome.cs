namespace AiGateway.Processor.Budgets;

/// <summary>The answer to a reservation: accepted, or refused naming the first scope it did not fit and what is left there.</summary>
internal sealed record ReservationOutcome(bool Accepted, BudgetScope? ExhaustedScope = null, long RemainingMicroUsd = 0)
{
    public static readonly ReservationOutcome Ok = new(true);
}
