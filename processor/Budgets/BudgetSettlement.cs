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
    private readonly Telemetry.GatewayMetrics _metrics;
    private readonly ILogger _logger;

    public BudgetSettlement(BudgetLedgerProvider ledgers, Telemetry.GatewayMetrics metrics, ILogger<BudgetSettlement> logger)
    {
        _ledgers = ledgers;
        _metrics = metrics;
        _logger = logger;
    }

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level != FilterLevel.Router)
        {
            return;
        }

        var cost = ExchangeCost.Of(exchange).TotalMicroUsd;
        exchange.CostMicroUsd = cost;
        if (exchange.BudgetHold is { } hold)
        {
            _ = SettleAsync(hold.ReservationId, cost, exchange.Activity);
        }
    }

    /// <summary>Disposed before the ledger (it depends on it): lets settlements in flight finish first.</summary>
    public async ValueTask DisposeAsync() => await Pending.ConfigureAwait(false);

    /// <summary>Waits for pending settlements (tests, shutdown).</summary>
    public Task Pending => Volatile.Read(ref _pending);

    private Task _pending = Task.CompletedTask;

    private Task SettleAsync(string reservationId, long cost, System.Diagnostics.Activity? requestSpan)
    {
        var task = SettleCoreAsync(reservationId, cost, requestSpan);
        Volatile.Write(ref _pending, Task.WhenAll(Volatile.Read(ref _pending), task));
        return task;
    }

    private async Task SettleCoreAsync(string reservationId, long cost, System.Diagnostics.Activity? requestSpan)
    {
        using var span = requestSpan is null ? null : Telemetry.GatewayTracing.Source.StartActivity("ledger settle", System.Diagnostics.ActivityKind.Client, requestSpan.Context);
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
            _metrics.RecordLedgerError("settle", e.GetType().Name);
            BudgetsLog.SettleFailed(_logger, reservationId, e);
        }
    }
}
