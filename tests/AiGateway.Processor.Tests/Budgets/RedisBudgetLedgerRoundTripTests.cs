using System.Net.Sockets;
using System.Text;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>
/// Issue 7: admission with Redis costs at most one round trip, rate limits and budget together, and so does settlement. Counted on a real redis-server with <c>MONITOR</c>,
/// which lists every command a client sent and, apart, every command a Lua script ran (<c>[0 lua]</c>): only the
/// client's commands are round trips. Not timed.
/// </summary>
public sealed class RedisBudgetLedgerRoundTripTests : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly RedisServer _redis;

    public RedisBudgetLedgerRoundTripTests(RedisServer redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Reserve_TeamAndKeyScopes_OneRoundTripEach()
    {
        await using var ledger = await RedisBudgetLedger.ConnectAsync(_redis.Configuration).WaitAsync(Timeout);
        var team = Scope("team:rt");
        var key = Scope("key:rt");
        var expires = DateTimeOffset.UtcNow.AddMinutes(5);

        // The first call may load the script (EVALSHA miss, then EVAL); steady state is what admission pays.
        await ledger.TryReserveAsync(new BudgetReservation("warm", [team, key], 1, expires), CancellationToken.None).AsTask().WaitAsync(Timeout);

        const int Reservations = 20;
        var commands = await CountCommandsAsync(async () =>
        {
            for (var i = 0; i < Reservations; i++)
            {
                var outcome = await ledger.TryReserveAsync(new BudgetReservation($"r{i}", [team, key], 1_000, expires), CancellationToken.None).AsTask().WaitAsync(Timeout);
                Assert.True(outcome.Accepted);
            }
        });

        Assert.Equal(Reservations, commands);
    }

    [Fact]
    public async Task AdmitAndSettle_RateLimitsAndBudgetOfTeamAndKey_OneRoundTripEach()
    {
        await using var ledger = await RedisBudgetLedger.ConnectAsync(_redis.Configuration).WaitAsync(Timeout);
        var store = ledger.Admission;
        var team = Scope("team:rt");
        var key = Scope("key:rt");
        var owner = Guid.NewGuid().ToString("N");
        RateCharge[] charges =
        [
            new($"team:{owner}", RateUnit.Requests, 1_000_000, 1), new($"team:{owner}", RateUnit.Tokens, 1_000_000_000, 5_000),
            new($"key:{owner}", RateUnit.Requests, 1_000_000, 1), new($"key:{owner}", RateUnit.Tokens, 1_000_000_000, 5_000),
        ];
        RateCharge[] returns = [charges[1] with { Amount = 4_000 }, charges[3] with { Amount = 4_000 }];
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddMinutes(5);
        await store.TryAdmitAsync(charges, new BudgetReservation("warm", [team, key], 1, expires), now, CancellationToken.None).AsTask().WaitAsync(Timeout);
        await store.SettleAsync("warm", 1, returns, now, CancellationToken.None).AsTask().WaitAsync(Timeout);

        const int Requests = 20;
        var admissions = await CountCommandsAsync(async () =>
        {
            for (var i = 0; i < Requests; i++)
            {
                var outcome = await store.TryAdmitAsync(charges, new BudgetReservation($"a{i}", [team, key], 1_000, expires), now, CancellationToken.None).AsTask().WaitAsync(Timeout);
                Assert.True(outcome.Accepted);
            }
        });
        var settlements = await CountCommandsAsync(async () =>
        {
            for (var i = 0; i < Requests; i++)
            {
                await store.SettleAsync($"a{i}", 900, returns, now, CancellationToken.None).AsTask().WaitAsync(Timeout);
            }
        });

        Assert.Equal(Requests, admissions);
        Assert.Equal(Requests, settlements);
        var balance = await ledger.BalanceAsync(team, CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal(new ScopeBalance(1 + (Requests * 900), 0), balance);
    }

    /// <summary>The scripts <paramref name="work"/> sent (EVAL/EVALSHA), failing if it sent any other command.</summary>
    private async Task<int> CountCommandsAsync(Func<Task> work)
    {
        using var monitor = new TcpClient();
        await monitor.ConnectAsync(System.Net.IPAddress.Loopback, _redis.Port).WaitAsync(Timeout);
        var stream = monitor.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await stream.WriteAsync("MONITOR\r\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        Assert.Equal("+OK", await reader.ReadLineAsync().WaitAsync(Timeout));

        await work();

        // A marker from another connection ends the count: MONITOR lists commands in the order the server ran them.
        await using (var marker = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.Configuration).WaitAsync(Timeout))
        {
            await marker.GetDatabase().ExecuteAsync("ECHO", "aigw-round-trip-end").WaitAsync(Timeout);
        }

        var sent = new List<string>();
        string? line;
        while ((line = await reader.ReadLineAsync().WaitAsync(Timeout)) is not null && !line.Contains("aigw-round-trip-end", StringComparison.Ordinal))
        {
            // "+1700000000.123456 [0 127.0.0.1:51234] "EVALSHA" ..." — a script's own commands show "[0 lua]".
            if (!line.Contains(" lua]", StringComparison.Ordinal))
            {
                sent.Add(line.Split(' ', 4).ElementAtOrDefault(3) ?? line);
            }
        }

        // The marker connection's handshake commands (CLIENT, INFO, ...) come before its ECHO; the store sends scripts only.
        var other = sent.Where(c => !c.StartsWith("\"EVAL", StringComparison.OrdinalIgnoreCase) && !IsHandshake(c)).ToList();
        Assert.True(other.Count == 0, "Admission sent more than its script: " + string.Join(" | ", other));
        return sent.Count(c => c.StartsWith("\"EVAL", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsHandshake(string command) =>
        command.StartsWith("\"CLIENT\"", StringComparison.OrdinalIgnoreCase) || command.StartsWith("\"INFO\"", StringComparison.OrdinalIgnoreCase)
        || command.StartsWith("\"CONFIG\"", StringComparison.OrdinalIgnoreCase) || command.StartsWith("\"CLUSTER\"", StringComparison.OrdinalIgnoreCase)
        || command.StartsWith("\"ECHO\"", StringComparison.OrdinalIgnoreCase) || command.StartsWith("\"PING\"", StringComparison.OrdinalIgnoreCase)
        || command.StartsWith("\"GET\" \"__Booksleeve_TieBreak\"", StringComparison.OrdinalIgnoreCase) || command.StartsWith("\"SUBSCRIBE\"", StringComparison.OrdinalIgnoreCase)
        || command.StartsWith("\"HELLO\"", StringComparison.OrdinalIgnoreCase) || command.StartsWith("\"SELECT\"", StringComparison.OrdinalIgnoreCase);

    private static BudgetScope Scope(string name) =>
        new($"{name}-{Guid.NewGuid():N}", "2026-11", 1_000_000_000, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
}
