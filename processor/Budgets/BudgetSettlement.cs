using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Settles a request's reservation when its router-level stream ends, however it ends: to the real cost of the
/// usage seen (at the price in force when the request started, of the backend that served the last attempt), or to
/// zero when nothing was used. Nothing stays reserved: what fails to settle expires and is released.
/// </summary>
internal sealed class BudgetSettlement : IExchangeEndObserver
{
    private readonly BudgetLedgerProvider _ledgers;
    private readonly ILogger _logger;

    public BudgetSettlement(BudgetLedgerProvider ledgers, ILogger<BudgetSettlement> logger)
    {
        _ledgers = ledgers;
        _logger = logger;
    }

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level != FilterLevel.Router || exchange.BudgetHold is not { } hold)
        {
            return;
        }

        var cost = 0L;
        if (exchange.Usage is { } usage
            && exchange.Routed?.LastAttempt is { } backend
            && exchange.Snapshot.Config.Backends.TryGetValue(backend.BackendName, out var backendConfig))
        {
            cost = PriceBook.CostMicroUsd(PriceBook.PriceAt(backendConfig, hold.PricedAt), usage.Input, usage.Output, usage.CacheRead, usage.CacheWrite, usage.Reasoning);
        }

        exchange.CostMicroUsd = cost;
        _ = SettleAsync(hold.ReservationId, cost);
    }

    /// <summary>Waits for pending settlements (tests, shutdown).</summary>
    public Task Pending => Volatile.Read(ref _pending);

    private Task _pending = Task.CompletedTask;

    private Task SettleAsync(string reservationId, long cost)
    {
        var task = SettleCoreAsync(reservationId, cost);
        Volatile.Write(ref _pending, Task.WhenAll(Volatile.Read(ref _pending), task));
        return task;
    }

    private async Task SettleCoreAsync(string reservationId, long cost)
    {
        try
        {
            var ledger = await _ledgers.GetAsync(CancellationToken.None).ConfigureAwait(false);
            await ledger.SettleAsync(reservationId, cost, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LedgerUnavailableException or IOException or InvalidOperationException)
        {
            BudgetsLog.SettleFailed(_logger, reservationId, e);
        }
    }
}
