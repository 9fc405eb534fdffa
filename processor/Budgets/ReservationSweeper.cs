namespace AiGateway.Processor.Budgets;

/// <summary>Releases reservations that were never settled (a crashed replica, a lost settlement), and logs each sweep that finds any as an anomaly.</summary>
internal sealed class ReservationSweeper(BudgetLedgerProvider ledgers, TimeProvider time, ILogger<ReservationSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (await ledgers.GetForSweepAsync(stoppingToken).ConfigureAwait(false) is not { } ledger)
                {
                    continue;
                }

                var released = await ledger.ExpireAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                if (released > 0)
                {
                    BudgetsLog.ReservationsExpired(logger, released);
                }
            }
            catch (LedgerUnavailableException)
            {
                // The next sweep tries again; admission reports the outage.
            }
        }
    }
}
