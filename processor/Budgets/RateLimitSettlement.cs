using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Settles the tokens a request took from its tokens-per-minute buckets when its router-level stream ends, however it
/// ends: the over-estimate goes back, or usage beyond it is taken too (usage is never ignored). A refused or failed
/// request with no usage gives everything back.
/// </summary>
internal sealed class RateLimitSettlement : IExchangeEndObserver, IAsyncDisposable
{
    private readonly BudgetLedgerProvider _ledgers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Task _pending = Task.CompletedTask;

    public RateLimitSettlement(BudgetLedgerProvider ledgers, TimeProvider time, ILogger<RateLimitSettlement> logger)
    {
        _ledgers = ledgers;
        _time = time;
        _logger = logger;
    }

    /// <summary>Waits for returns in flight (tests, shutdown).</summary>
    public Task Pending => Volatile.Read(ref _pending);

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level != FilterLevel.Router || exchange.RateLimitHold is not { } hold)
        {
            return;
        }

        var used = exchange.Usage is { } usage ? usage.TotalInputTokens + usage.OutputTokens : 0;
        var unused = hold.ReservedTokens - used;
        if (unused == 0)
        {
            return;
        }

        var returns = new RateCharge[hold.TokenCharges.Count];
        for (var i = 0; i < returns.Length; i++)
        {
            returns[i] = hold.TokenCharges[i] with { Amount = unused };
        }

        var task = ReturnAsync(returns);
        Volatile.Write(ref _pending, Task.WhenAll(Volatile.Read(ref _pending), task));
    }

    /// <summary>Disposed before the ledger provider (it depends on it): lets returns in flight finish first.</summary>
    public async ValueTask DisposeAsync() => await Pending.ConfigureAwait(false);

    private async Task ReturnAsync(RateCharge[] returns)
    {
        try
        {
            var limiter = await _ledgers.GetRateLimiterAsync(CancellationToken.None).ConfigureAwait(false);
            await limiter.ReturnAsync(returns, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LedgerUnavailableException or ObjectDisposedException)
        {
            // The bucket refills by itself within a minute; a lost return only makes the next minute stricter.
            BudgetsLog.RateReturnFailed(_logger, e);
        }
    }
}
