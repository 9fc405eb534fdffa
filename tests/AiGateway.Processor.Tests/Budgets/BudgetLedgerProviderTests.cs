using AiGateway.Processor.Budgets;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Processor.Tests.Budgets;

public sealed class BudgetLedgerProviderTests
{
    [Fact]
    public async Task GetForSweepAsync_NoLedgerInUseAndNoFile_CreatesNothing()
    {
        using var file = new TempConfig();
        using var store = new GatewayConfigStore(file.Path, TimeProvider.System, NullLogger<GatewayConfigStore>.Instance);
        await using var ledgers = new BudgetLedgerProvider(store);

        var ledger = await ledgers.GetForSweepAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(ledger);
        Assert.False(File.Exists(Path.Combine(file.Directory, "aigw-ledger.db")));
    }

    [Fact]
    public async Task GetForSweepAsync_LedgerInUse_ReturnsIt()
    {
        using var file = new TempConfig();
        using var store = new GatewayConfigStore(file.Path, TimeProvider.System, NullLogger<GatewayConfigStore>.Instance);
        await using var ledgers = new BudgetLedgerProvider(store);
        var inUse = await ledgers.GetAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var ledger = await ledgers.GetForSweepAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(inUse, ledger);
    }

    [Fact]
    public async Task GetForSweepAsync_FileLeftByAnEarlierProcess_OpensIt()
    {
        using var file = new TempConfig();
        using var store = new GatewayConfigStore(file.Path, TimeProvider.System, NullLogger<GatewayConfigStore>.Instance);
        await using (var earlier = new BudgetLedgerProvider(store))
        {
            await earlier.GetAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        await using var ledgers = new BudgetLedgerProvider(store);
        var ledger = await ledgers.GetForSweepAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(ledger);
    }
}
