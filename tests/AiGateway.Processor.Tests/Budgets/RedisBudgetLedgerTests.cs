using AiGateway.Processor.Budgets;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.Budgets;

public sealed class RedisBudgetLedgerTests : BudgetLedgerContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisServer _redis;
    private readonly List<RedisBudgetLedger> _ledgers = [];

    public RedisBudgetLedgerTests(RedisServer redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Reserve_RedisDown_IsReportedAsUnavailable()
    {
        await using var ledger = await RedisBudgetLedger.ConnectAsync("127.0.0.1:1,connectTimeout=200");
        var scope = Scope("team:down", 1_000_000);

        await Assert.ThrowsAsync<LedgerUnavailableException>(async () =>
            await ledger.TryReserveAsync(new BudgetReservation("x", [scope], 1, DateTimeOffset.UtcNow.AddMinutes(1)), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var ledger in _ledgers)
        {
            await ledger.DisposeAsync();
        }
    }

    private protected override async Task<IBudgetLedger> CreateLedgerAsync()
    {
        var ledger = await RedisBudgetLedger.ConnectAsync(_redis.Configuration);
        _ledgers.Add(ledger);
        return ledger;
    }
}
