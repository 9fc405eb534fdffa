using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// The ledger chosen by <c>budgets.ledger</c> at start (a reload does not switch stores), created on first use so a
/// gateway without budgets never opens one. Rate limits follow the same choice: in process memory with SQLite (one
/// replica), in Redis (on the ledger's connection) for many.
/// </summary>
internal sealed class BudgetLedgerProvider : IAsyncDisposable
{
    private readonly GatewayConfigStore _config;
    private readonly SemaphoreSlim _create = new(1, 1);
    private IBudgetLedger? _ledger;
    private IRateLimiter? _rateLimiter;
    private IAdmissionStore? _admission;

    public BudgetLedgerProvider(GatewayConfigStore config)
    {
        _config = config;
    }

    public async ValueTask<IBudgetLedger> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ledger) is { } ledger)
        {
            return ledger;
        }

        await _create.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ledger is null)
            {
                var budgets = _config.Current.Config.Budgets;
                _ledger = budgets.Ledger == LedgerKind.Redis
                    ? await RedisBudgetLedger.ConnectAsync(budgets.Redis!).ConfigureAwait(false)
                    : new SqliteBudgetLedger(SqliteFile(budgets));
            }

            return _ledger;
        }
        finally
        {
            _create.Release();
        }
    }

    /// <summary>
    /// The ledger the reservation sweep should look at: the one in use, a Redis ledger (shared with replicas that may
    /// have crashed), or a SQLite file an earlier process left; null when there is none, so a gateway without budgets
    /// never creates a store just to sweep it.
    /// </summary>
    public async ValueTask<IBudgetLedger?> GetForSweepAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ledger) is { } ledger)
        {
            return ledger;
        }

        var budgets = _config.Current.Config.Budgets;
        return budgets.Ledger == LedgerKind.Redis || File.Exists(SqliteFile(budgets))
            ? await GetAsync(cancellationToken).ConfigureAwait(false)
            : null;
    }

    public async ValueTask<IRateLimiter> GetRateLimiterAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _rateLimiter) is { } limiter)
        {
            return limiter;
        }

        limiter = _config.Current.Config.Budgets.Ledger == LedgerKind.Redis
            ? new RedisRateLimiter(((RedisBudgetLedger)await GetAsync(cancellationToken).ConfigureAwait(false)).Connection)
            : new LocalRateLimiter();

        // Two first requests racing may both build one; the first stored wins so every request shares the same buckets.
        return Interlocked.CompareExchange(ref _rateLimiter, limiter, null) ?? limiter;
    }

    /// <summary>Rate limits and budget together: one script per admission with Redis, limiter then ledger in process otherwise.</summary>
    public async ValueTask<IAdmissionStore> GetAdmissionStoreAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _admission) is { } store)
        {
            return store;
        }

        store = _config.Current.Config.Budgets.Ledger == LedgerKind.Redis
            ? ((RedisBudgetLedger)await GetAsync(cancellationToken).ConfigureAwait(false)).Admission
            : new LocalAdmissionStore(this, await GetRateLimiterAsync(cancellationToken).ConfigureAwait(false));
        return Interlocked.CompareExchange(ref _admission, store, null) ?? store;
    }

    private string SqliteFile(BudgetsConfig budgets) => Path.Combine(Path.GetDirectoryName(_config.FilePath)!, budgets.SqlitePath);

    public async ValueTask DisposeAsync()
    {
        switch (_ledger)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        _create.Dispose();
    }
}
