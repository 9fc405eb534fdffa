using AiGateway.Processor.Configuration;
using AiGateway.Processor.Hosting;
using AiGateway.Processor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Processor.Tests.Hosting;

public sealed class TokenizerWarmUpTests
{
    private const string TeamBudget = """
        identity:
          anonymous_team: dev
        teams:
          dev:
            budgets:
              - { period: month, usd: 100 }
        """;

    private const string TeamTokenLimit = """
        identity:
          anonymous_team: dev
        teams:
          dev:
            rate_limits: { tokens_per_minute: 100000 }
        """;

    private const string TeamRequestLimitOnly = """
        identity:
          anonymous_team: dev
        teams:
          dev:
            rate_limits: { requests_per_minute: 60 }
        """;

    private static readonly string Rest = TempConfig.Minimal[TempConfig.Minimal.IndexOf("providers:", StringComparison.Ordinal)..];

    [Theory]
    [InlineData("minimal", 0)]
    [InlineData("request-limit-only", 0)]
    [InlineData("team-budget", 1)]
    [InlineData("team-token-limit", 1)]
    public async Task StartAsync_Config_LoadsTheTokenizerOnlyWhenAdmissionCountsTokens(string config, int loads)
    {
        using var file = new TempConfig(Yaml(config));
        using var store = new GatewayConfigStore(file.Path, TimeProvider.System, NullLogger<GatewayConfigStore>.Instance);
        var started = 0;
        var warmUp = new TokenizerWarmUp(store, () =>
        {
            Interlocked.Increment(ref started);
            return Task.CompletedTask;
        });

        await warmUp.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await warmUp.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(loads, started);
    }

    [Fact]
    public async Task Reload_FirstBudgetAdded_LoadsTheTokenizerOnce()
    {
        using var file = new TempConfig();
        using var store = new GatewayConfigStore(file.Path, TimeProvider.System, NullLogger<GatewayConfigStore>.Instance);
        var started = 0;
        var warmUp = new TokenizerWarmUp(store, () =>
        {
            Interlocked.Increment(ref started);
            return Task.CompletedTask;
        });
        await warmUp.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, started);

        file.Write(Yaml("team-budget"));
        Assert.True(store.Reload());
        Assert.Equal(1, started);

        file.Write(Yaml("team-token-limit"));
        Assert.True(store.Reload());
        Assert.Equal(1, started);
        await warmUp.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Build_Host_RegistersTheWarmUp()
    {
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        Assert.Contains(processor.Services.GetServices<IHostedService>(), service => service is TokenizerWarmUp);
    }

    private static string Yaml(string config) => config switch
    {
        "minimal" => TempConfig.Minimal,
        "request-limit-only" => TeamRequestLimitOnly + "\n" + Rest,
        "team-budget" => TeamBudget + "\n" + Rest,
        "team-token-limit" => TeamTokenLimit + "\n" + Rest,
        _ => throw new ArgumentOutOfRangeException(nameof(config)),
    };
}
