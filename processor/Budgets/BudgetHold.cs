namespace AiGateway.Processor.Budgets;

/// <summary>A request's reservation: settled when the request ends, with the price in force when it started.</summary>
internal sealed record BudgetHold(string ReservationId, long AmountMicroUsd, DateTimeOffset PricedAt);
