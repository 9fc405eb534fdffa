namespace AiGateway.Processor.Budgets;

/// <summary>
/// The budget ledger: reserve, then settle (DESIGN.md §4). A reservation checks and holds the worst case against
/// every scope atomically, so concurrent requests can never overshoot; settlement replaces the hold with the real
/// cost; a reservation never settled expires and is released (and logged as an anomaly).
/// </summary>
internal interface IBudgetLedger
{
    /// <summary>Holds the amount against all scopes, or none of them if any would go over its limit.</summary>
    ValueTask<ReservationOutcome> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken);

    /// <summary>Replaces the hold with the real cost (which may exceed the hold: usage is never dropped). Unknown ids are ignored (already settled or expired).</summary>
    ValueTask SettleAsync(string reservationId, long actualMicroUsd, CancellationToken cancellationToken);

    ValueTask<ScopeBalance> BalanceAsync(BudgetScope scope, CancellationToken cancellationToken);

    /// <summary>Releases reservations whose time is up; returns how many.</summary>
    ValueTask<int> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
