namespace AiGateway.Processor.Budgets;

/// <summary>
/// Admission for a single replica: the in-memory rate limiter, then the embedded ledger (opened only when a budget
/// applies). Not one transaction (the buckets live in memory, the budget in SQLite), but all or nothing all the
/// same: the charges are taken under the limiter's lock and given back if the budget then refuses or cannot be
/// reached, so a refused request holds nothing. Other requests may briefly see the charge; that only errs strict.
/// </summary>
internal sealed class LocalAdmissionStore : IAdmissionStore
{
    private readonly BudgetLedgerProvider _ledgers;
    private readonly IRateLimiter _limiter;

    public LocalAdmissionStore(BudgetLedgerProvider ledgers, IRateLimiter limiter)
    {
        _ledgers = ledgers;
        _limiter = limiter;
    }

    public async ValueTask<AdmissionOutcome> TryAdmitAsync(IReadOnlyList<RateCharge> charges, BudgetReservation? reservation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (charges.Count > 0)
        {
            var rate = await _limiter.TryAcquireAsync(charges, now, cancellationToken).ConfigureAwait(false);
            if (!rate.Accepted)
            {
                return new AdmissionOutcome(rate, ReservationOutcome.Ok);
            }
        }

        if (reservation is null)
        {
            return AdmissionOutcome.Ok;
        }

        var reserved = false;
        try
        {
            var ledger = await _ledgers.GetAsync(cancellationToken).ConfigureAwait(false);
            var budget = await ledger.TryReserveAsync(reservation, cancellationToken).ConfigureAwait(false);
            reserved = budget.Accepted;
            return reserved ? AdmissionOutcome.Ok : new AdmissionOutcome(RateLimitOutcome.Ok, budget);
        }
        finally
        {
            if (!reserved && charges.Count > 0)
            {
                await _limiter.ReturnAsync(charges, now, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask SettleAsync(string? reservationId, long actualMicroUsd, IReadOnlyList<RateCharge> returns, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (returns.Count > 0)
        {
            await _limiter.ReturnAsync(returns, now, cancellationToken).ConfigureAwait(false);
        }

        if (reservationId is not null)
        {
            var ledger = await _ledgers.GetAsync(cancellationToken).ConfigureAwait(false);
            await ledger.SettleAsync(reservationId, actualMicroUsd, cancellationToken).ConfigureAwait(false);
        }
    }
}
