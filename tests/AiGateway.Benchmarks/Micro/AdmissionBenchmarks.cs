using AiGateway.Processor.Budgets;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Identity;
using AiGateway.Processor.Translation;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// Per-request identity and budget work (issue 7): a gateway key check answered from the verifier's cache, the
/// worst-case estimate admission computes (max tokens, counted input tokens, price), and a reservation settled on
/// the embedded SQLite ledger. Target: key check and admission (cache hit) ≤ 5 µs. Redis admission is counted in
/// round trips, not timed: see RedisBudgetLedgerRoundTripTests in the processor tests.
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private string _folder = "";
    private GatewayConfigStore _config = null!;
    private GatewayKeyVerifier _keys = null!;
    private SqliteBudgetLedger _ledger = null!;
    private string _key = "";
    private byte[] _body = [];
    private BackendConfig _backend = null!;
    private BudgetScope _scope = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("aigw-bench-").FullName;
        var (key, record) = GatewayKeyFormat.Create("local", "bench", DateTimeOffset.UtcNow, null, []);
        _key = key;
        GatewayKeyFile.Write(Path.Combine(_folder, "keys.json"), new GatewayKeyFileContent { Keys = [record] });
        var config = Path.Combine(_folder, "aigw.yaml");
        File.WriteAllText(config, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Exchanges", "aigw.yaml"))
            .Replace("keys_file: .aigw/keys.json", "keys_file: keys.json", StringComparison.Ordinal));
        _config = new GatewayConfigStore(config, TimeProvider.System, NullLogger<GatewayConfigStore>.Instance);
        _keys = new GatewayKeyVerifier(_config, TimeProvider.System, NullLogger<GatewayKeyVerifier>.Instance);
        if (_keys.Check(_key).Status != KeyCheckStatus.Valid)
        {
            throw new InvalidOperationException("The benchmark key does not verify.");
        }

        _body = RequestBodies.Create(ApiSchema.OpenAi, RequestSize.Typical, "claude-sonnet");
        _backend = _config.Current.Config.Backends["bedrock-claude-sonnet"];
        InputTokenEstimator.WarmUpAsync().GetAwaiter().GetResult();

        _ledger = new SqliteBudgetLedger(Path.Combine(_folder, "ledger.db"));
        var (period, resetsAt) = BudgetPeriods.Current(BudgetPeriod.Month, DateTimeOffset.UtcNow);
        _scope = new BudgetScope("team:local:month", period, long.MaxValue / 4, resetsAt);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keys.Dispose();
        _ledger.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public bool KeyCheck_CacheHit() => _keys.Check(_key).Status == KeyCheckStatus.Valid;

    /// <summary>What admission computes before it asks the ledger: max tokens, counted input tokens, worst-case price.</summary>
    [Benchmark]
    public long Admission_WorstCaseEstimate()
    {
        var maxTokens = BudgetAdmissionStage.MaxTokens(_body) ?? BudgetAdmissionStage.FallbackMaxTokens;
        var input = InputTokenEstimator.Estimate(_body);
        return PriceBook.CostMicroUsd(PriceBook.PriceAt(_backend, DateTimeOffset.UtcNow), input, maxTokens);
    }

    [Benchmark]
    public async Task<bool> Admission_SqliteReserveAndSettle()
    {
        var id = Guid.NewGuid().ToString("N");
        var outcome = await _ledger.TryReserveAsync(new BudgetReservation(id, [_scope], 1_000, DateTimeOffset.UtcNow.AddMinutes(5)), CancellationToken.None).ConfigureAwait(false);
        await _ledger.SettleAsync(id, 900, CancellationToken.None).ConfigureAwait(false);
        return outcome.Accepted;
    }
}
