using AiGateway.Processor.Budgets;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>What every ledger must do, run against each implementation with a real store.</summary>
public abstract class BudgetLedgerContract
{
    private const long Usd = 1_000_000;

    private protected abstract Task<IBudgetLedger> CreateLedgerAsync();

    [Fact]
    public async Task TryReserve_64Concurrent_ExactlyThoseThatFitSucceed_AndSettlementEndsUnderBudget()
    {
        var ledger = await CreateLedgerAsync();
        var team = Scope("team:search", 10 * Usd);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            (Id: $"r{i}", Outcome: await ledger.TryReserveAsync(new BudgetReservation($"r{i}", [team], Usd, DateTimeOffset.UtcNow.AddMinutes(5)), CancellationToken.None)))));

        var accepted = outcomes.Where(o => o.Outcome.Accepted).ToList();
        Assert.Equal(10, accepted.Count);
        Assert.All(outcomes.Where(o => !o.Outcome.Accepted), o => Assert.Equal(team, o.Outcome.ExhaustedScope));
        Assert.Equal(new ScopeBalance(0, 10 * Usd), await ledger.BalanceAsync(team, CancellationToken.None));

        await Task.WhenAll(accepted.Select(a => ledger.SettleAsync(a.Id, 800_000, CancellationToken.None).AsTask()));

        var balance = await ledger.BalanceAsync(team, CancellationToken.None);
        Assert.Equal(new ScopeBalance(8 * Usd, 0), balance);
        Assert.True(balance.SettledMicroUsd <= team.LimitMicroUsd);
    }

    [Fact]
    public async Task TryReserve_KeyAndTeam_AreCheckedAndHeldTogether()
    {
        var ledger = await CreateLedgerAsync();
        var team = Scope("team:t", 5 * Usd);
        var key = Scope("key:k", 3 * Usd);

        var results = new List<ReservationOutcome>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await ledger.TryReserveAsync(new BudgetReservation($"m{i}", [team, key], Usd, DateTimeOffset.UtcNow.AddMinutes(5)), CancellationToken.None));
        }

        Assert.Equal(3, results.Count(r => r.Accepted));
        Assert.Equal(key, results[^1].ExhaustedScope);
        Assert.Equal(0, results[^1].RemainingMicroUsd);
        Assert.Equal(3 * Usd, (await ledger.BalanceAsync(team, CancellationToken.None)).ReservedMicroUsd);
    }

    [Fact]
    public async Task Settle_MoreThanReserved_IsRecordedInFull()
    {
        var ledger = await CreateLedgerAsync();
        var team = Scope("team:over", 10 * Usd);
        await ledger.TryReserveAsync(new BudgetReservation("x", [team], Usd, DateTimeOffset.UtcNow.AddMinutes(5)), CancellationToken.None);

        await ledger.SettleAsync("x", 2 * Usd, CancellationToken.None);
        await ledger.SettleAsync("x", 2 * Usd, CancellationToken.None);
        await ledger.SettleAsync("never-reserved", Usd, CancellationToken.None);

        Assert.Equal(new ScopeBalance(2 * Usd, 0), await ledger.BalanceAsync(team, CancellationToken.None));
    }

    [Fact]
    public async Task Expire_UnsettledReservation_IsReleased()
    {
        var ledger = await CreateLedgerAsync();
        var team = Scope("team:exp", 10 * Usd);
        var now = DateTimeOffset.UtcNow;
        await ledger.TryReserveAsync(new BudgetReservation("old", [team], Usd, now.AddSeconds(-1)), CancellationToken.None);
        await ledger.TryReserveAsync(new BudgetReservation("fresh", [team], Usd, now.AddMinutes(5)), CancellationToken.None);

        var released = await ledger.ExpireAsync(now, CancellationToken.None);

        Assert.Equal(1, released);
        Assert.Equal(new ScopeBalance(0, Usd), await ledger.BalanceAsync(team, CancellationToken.None));
    }

    private protected static BudgetScope Scope(string name, long limit) =>
        new($"{name}-{Guid.NewGuid():N}", "2026-11", limit, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
}
