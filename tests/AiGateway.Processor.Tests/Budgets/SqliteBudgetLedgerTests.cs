using AiGateway.Processor.Budgets;

namespace AiGateway.Processor.Tests.Budgets;

public sealed class SqliteBudgetLedgerTests : BudgetLedgerContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aigw-ledger-").FullName;
    private readonly List<SqliteBudgetLedger> _ledgers = [];

    [Fact]
    public async Task Ledger_SurvivesARestart()
    {
        var path = Path.Combine(_directory, "durable.db");
        var team = Scope("team:durable", 10_000_000);
        using (var first = new SqliteBudgetLedger(path))
        {
            await first.TryReserveAsync(new BudgetReservation("a", [team], 1_000_000, DateTimeOffset.UtcNow.AddMinutes(5)), CancellationToken.None);
            await first.SettleAsync("a", 700_000, CancellationToken.None);
            await first.TryReserveAsync(new BudgetReservation("b", [team], 1_000_000, DateTimeOffset.UtcNow.AddMinutes(5)), CancellationToken.None);
        }

        using var second = new SqliteBudgetLedger(path);
        Assert.Equal(new ScopeBalance(700_000, 1_000_000), await second.BalanceAsync(team, CancellationToken.None));
        await second.SettleAsync("b", 300_000, CancellationToken.None);
        Assert.Equal(new ScopeBalance(1_000_000, 0), await second.BalanceAsync(team, CancellationToken.None));
    }

    public void Dispose()
    {
        foreach (var ledger in _ledgers)
        {
            ledger.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private protected override Task<IBudgetLedger> CreateLedgerAsync()
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_directory, $"{Guid.NewGuid():N}.db"));
        _ledgers.Add(ledger);
        return Task.FromResult<IBudgetLedger>(ledger);
    }
}
