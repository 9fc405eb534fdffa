using AiGateway.Processor.Budgets;
using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Hosting;

/// <summary>
/// Loads the o200k tokenizer off the request path, but only once the config has a team budget or a team tokens-per-minute
/// limit (the requests admission counts tokens for, adr/017-admission-token-estimate.md): its vocabulary is ≈ 45 MB of
/// managed heap (≈ 55 MB RSS), most of an idle processor's memory, that a config without them never uses
/// (docs/performance.md, "Found by profiling: rss"). Key-level budgets and limits live in the key file, and count_tokens
/// answers need no config: those load the tokenizer on their first request instead (≈ 0.8 s of CPU, once).
/// </summary>
internal sealed class TokenizerWarmUp : IHostedService
{
    private readonly GatewayConfigStore _config;
    private readonly Func<Task> _warmUp;
    private int _started;

    public TokenizerWarmUp(GatewayConfigStore config)
        : this(config, InputTokenEstimator.WarmUpAsync)
    {
    }

    internal TokenizerWarmUp(GatewayConfigStore config, Func<Task> warmUp)
    {
        _config = config;
        _warmUp = warmUp;
    }

    /// <summary>True when admission counts tokens for some team: any team budget or tokens-per-minute limit.</summary>
    public static bool IsNeededBy(GatewayConfig config)
    {
        foreach (var team in config.Teams.Values)
        {
            if (team.Budgets.Count > 0 || team.RateLimits?.TokensPerMinute is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _config.Changed += OnChanged;
        OnChanged(_config.Current);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _config.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    /// <summary>A reload that adds the first budget starts the load too; it runs once per process.</summary>
    private void OnChanged(GatewaySnapshot snapshot)
    {
        if (IsNeededBy(snapshot.Config) && Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = _warmUp();
        }
    }
}
