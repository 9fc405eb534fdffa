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
/// the embedded SQLite ledger. Target: key check and admission (cache hit) ≤ 5 µs. The estimate is measured three
/// ways (adr/017): the whole body through o200k (the former estimator, kept as the cold reference), every part of
/// the ≈ 8 KB request already counted (<see cref="Admission_CacheHit"/>), and the next turn of an agent (the same
/// conversation plus a new assistant and user message, the only parts tokenized; building that turn is included).
/// Redis admission is counted in round trips, not timed: see RedisBudgetLedgerRoundTripTests in the processor tests.
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
    private ChatRequest _chat = null!;
    private ChatTokenEstimator _estimator = null!;
    private int _turn;

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
        if (ClientRequestParser.TryParse(ApiSchema.OpenAi, _body, out var parsed) is not null)
        {
            throw new InvalidOperationException("The benchmark request does not parse.");
        }

        _chat = parsed!.Chat;
        _estimator = new ChatTokenEstimator(new TokenCountCache());
        _estimator.Estimate(_chat, ChatTokenEstimator.OtherTokenizerFactor);

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
        var maxTokens = AdmissionStage.MaxTokens(_body) ?? AdmissionStage.FallbackMaxTokens;
        var input = InputTokenEstimator.Estimate(_body);
        return PriceBook.CostMicroUsd(PriceBook.PriceAt(_backend, DateTimeOffset.UtcNow), input, maxTokens);
    }

    /// <summary>Admission's estimate when every part of the parsed request was counted before (an agent's resent turn).</summary>
    [Benchmark]
    public long Admission_CacheHit()
    {
        var input = _estimator.Estimate(_chat, ChatTokenEstimator.OtherTokenizerFactor);
        return PriceBook.CostMicroUsd(PriceBook.PriceAt(_backend, DateTimeOffset.UtcNow), input, _chat.MaxTokens ?? AdmissionStage.FallbackMaxTokens);
    }

    /// <summary>The next turn: the conversation so far (all hits) plus a new assistant answer and a new user message (misses).</summary>
    [Benchmark]
    public long Admission_NextTurn()
    {
        var turn = ++_turn;
        var answer = new TextPart($"Turn {turn}: the configuration is validated at start and swapped whole on reload, so requests in flight keep the snapshot they started with. I changed the loader to report the file and line of every error.");
        var question = new TextPart($"Thanks ({turn}). Now add a test for a reload that fails validation: the old snapshot must stay in force.");
        var next = _chat with { Messages = [.. _chat.Messages, new ChatMessage(ChatRole.Assistant, [answer]), new ChatMessage(ChatRole.User, [question])] };
        var input = _estimator.Estimate(next, ChatTokenEstimator.OtherTokenizerFactor);
        return PriceBook.CostMicroUsd(PriceBook.PriceAt(_backend, DateTimeOffset.UtcNow), input, next.MaxTokens ?? AdmissionStage.FallbackMaxTokens);
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
