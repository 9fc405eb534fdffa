using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Settles a request's reservation when its router-level stream ends, however it ends: to the real cost of the
/// usage seen (at the price in force when the request started, of the backend that served the last attempt), or to
/// zero when nothing was used. Nothing stays reserved: what fails to settle expires and is released.
/// </summary>
internal sealed class BudgetSettlement : IExchangeEndObserver, IAsyncDisposable
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
        if (exchange.Level != FilterLevel.Router)
        {
            return;
        }

        // Costed at the price in force when the request started, for the backend of the last attempt.
        var pricedAt = exchange.BudgetHold?.PricedAt ?? exchange.StartedAtUtc;
        var cost = 0L;
        if (exchange.Usage is { } usage
            && exchange.Routed?.LastAttempt is { } backend
            && exchange.Snapshot.Config.Backends.TryGetValue(backend.BackendName, out var backendConfig))
        {
            cost = PriceBook.CostMicroUsd(PriceBook.PriceAt(backendConfig, pricedAt), usage.InputTokens, usage.OutputTokens, usage.CacheReadTokens, usage.CacheWriteTokens, usage.ReasoningTokens);
        }

        exchange.CostMicroUsd = cost;
        if (exchange.BudgetHold is { } hold)
        {
            _ = SettleAsync(hold.ReservationId, cost);
        }
    }

    /// <summary>Disposed before the ledger (it depends on it): lets settlements in flight finish first.</summary>
    public async ValueTask DisposeAsync() => await Pending.ConfigureAwait(false);

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
        catch (ObjectDisposedException)
        {
            // A stream that ended after shutdown began: the ledger is closed. The reservation is durable and
            // expires, so nothing is spent twice; it is just released late.
            BudgetsLog.SettleAfterShutdown(_logger, reservationId);
        }
        catch (Exception e) when (e is LedgerUnavailableException or IOException or InvalidOperationException)
        {
            BudgetsLog.SettleFailed(_logger, reservationId, e);
        }
    }
}
