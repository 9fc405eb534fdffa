namespace AiGateway.Processor.Budgets;

/// <summary>
/// Rate limits and the budget together (adr/017-admission-token-estimate.md, "One round trip"): admission takes
/// every rate charge and reserves the budget all or nothing, and settlement settles the reservation and gives back
/// unused tokens, each as one operation against the store (one Redis script, one round trip).
/// </summary>
internal interface IAdmissionStore
{
    /// <summary>
    /// Takes every charge (checked first, in order) and holds <paramref name="reservation"/> (if any) against all of its
    /// scopes, or takes and holds nothing if any bucket or scope lacks room.
    /// </summary>
    ValueTask<AdmissionOutcome> TryAdmitAsync(IReadOnlyList<RateCharge> charges, BudgetReservation? reservation, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Settles reservation <paramref name="reservationId"/> (if any) to <paramref name="actualMicroUsd"/> and gives each return's amount back to its bucket.</summary>
    ValueTask SettleAsync(string? reservationId, long actualMicroUsd, IReadOnlyList<RateCharge> returns, DateTimeOffset now, CancellationToken cancellationToken);
}
