using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Settles what admission held when a request's router-level stream ends, however it ends, in one store operation:
/// the budget reservation to the real cost of the usage seen (at the price in force when the request started, of the
/// backend that served the last attempt; zero when nothing was used, e.g. a guardrail blocked it), and the tokens
/// taken from tokens-per-minute buckets to the real count (the over-estimate goes back; usage beyond it is taken too).
/// Nothing stays reserved: what fails to settle expires and is released, and buckets refill within a minute.
/// </summary>
internal sealed class AdmissionSettlement : IExchangeEndObserver, IAsyncDisposable
{
    private readonly BudgetLedgerProvider _ledgers;
    private readonly Telemetry.GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Task _pending = Task.CompletedTask;

    public AdmissionSettlement(BudgetLedgerProvider ledgers, Telemetry.GatewayMetrics metrics, TimeProvider time, ILogger<AdmissionSettlement> logger)
    {
        _ledgers = ledgers;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Waits for settlements in flight (tests, shutdown).</summary>
    public Task Pending => Volatile.Read(ref _pending);

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level != FilterLevel.Router)
        {
            return;
        }

        var cost = ExchangeCost.Final(exchange).TotalMicroUsd;
        exchange.CostMicroUsd = cost;
        var returns = Returns(exchange);
        if (exchange.BudgetHold is null && returns.Length == 0)
        {
            return;
        }

        var task = SettleAsync(exchange.BudgetHold?.ReservationId, cost, returns, exchange.Activity);
        Volatile.Write(ref _pending, Task.WhenAll(Volatile.Read(ref _pending), task));
    }

    /// <summary>Disposed before the ledger provider (it depends on it): lets settlements in flight finish first.</summary>
    public async ValueTask DisposeAsync() => await Pending.ConfigureAwait(false);

    private static RateCharge[] Returns(Exchange exchange)
    {
        if (exchange.RateLimitHold is not { } hold)
        {
            return [];
        }

        var used = exchange.Usage is { } usage ? usage.TotalInputTokens + usage.OutputTokens : 0;
        var unused = hold.ReservedTokens - used;
        if (unused == 0)
        {
            return [];
        }

        var returns = new RateCharge[hold.TokenCharges.Count];
        for (var i = 0; i < returns.Length; i++)
        {
            returns[i] = hold.TokenCharges[i] with { Amount = unused };
        }

        return returns;
    }

    private async Task SettleAsync(string? reservationId, long cost, RateCharge[] returns, System.Diagnostics.Activity? requestSpan)
    {
        using var span = reservationId is null || requestSpan is null ? null : Telemetry.GatewayTracing.Source.StartActivity("ledger settle", System.Diagnostics.ActivityKind.Client, requestSpan.Context);
        try
        {
            var store = await _ledgers.GetAdmissionStoreAsync(CancellationToken.None).ConfigureAwait(false);
            await store.SettleAsync(reservationId, cost, returns, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException) when (reservationId is not null)
        {
            // A stream that ended after shutdown began: the ledger is closed. The reservation is durable and
            // expires, so nothing is spent twice; it is just released late.
            BudgetsLog.SettleAfterShutdown(_logger, reservationId);
        }
        catch (Exception e) when (reservationId is null && e is LedgerUnavailableException or ObjectDisposedException)
        {
            // The bucket refills by itself within a minute; a lost return only makes the next minute stricter.
            BudgetsLog.RateReturnFailed(_logger, e);
        }
        catch (Exception e) when (e is LedgerUnavailableException or IOException or InvalidOperationException)
        {
            _metrics.RecordLedgerError("settle", e.GetType().Name);
            BudgetsLog.SettleFailed(_logger, reservationId!, e);
        }
    }
}
