namespace AiGateway.Processor.Configuration;

/// <summary>Where budgets are kept and how admission behaves when the ledger cannot be reached.</summary>
internal sealed record BudgetsConfig
{
    /// <summary><c>sqlite</c> (embedded, one replica) or <c>redis</c> (shared by many replicas).</summary>
    public LedgerKind Ledger { get; init; } = LedgerKind.Sqlite;

    /// <summary>SQLite file (relative to this config file).</summary>
    public string SqlitePath { get; init; } = "aigw-ledger.db";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,ssl=true</c>.</summary>
    public string? Redis { get; init; }

    /// <summary>Admit requests when the ledger is unreachable (default: refuse with 503).</summary>
    public bool FailOpen { get; init; }

    /// <summary>A reservation not settled by then is released and logged as an anomaly.</summary>
    public TimeSpan ReservationTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Slots of the admission token-count cache (adr/017), about 48 bytes each; read at start (a reload does not resize it).</summary>
    public int TokenCacheEntries { get; init; } = Budgets.TokenCountCache.DefaultEntries;
}
