using System.Text.Json;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>Budget admission and settlement by the admission stage through the real processor (SQLite ledger).</summary>
public sealed class AdmissionStageBudgetTests
{
    // Output costs $30 per million tokens, so max_tokens 1000 reserves $0.03 plus the (small) input estimate.
    private const string Config = """
        identity: { anonymous_team: search }
        teams:
          search:
            budgets: [{ period: month, usd: 0.1 }]
        budgets: { ledger: sqlite, sqlite_path: ledger.db }
        providers:
          openai: { kind: openai, api_key: { env: AIGW_TEST_BUDGET_KEY } }
        backends:
          mini:
            provider: openai
            model: gpt-4o-mini
            pricing:
              - { effective_from: 2020-01-01T00:00:00Z, input: 10, output: 30 }
        models:
          gpt-4o-mini: { backends: [mini] }
        """;

    private const string Body = """{"model":"gpt-4o-mini","max_tokens":1000,"messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task Admission_ConcurrentRequests_OnlyThoseThatFitAreAdmitted_TheRestGet429()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path);
        var calls = new List<AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse>>();
        var answers = new List<ProcessingResponse>();
        for (var i = 0; i < 4; i++)
        {
            var call = processor.Client.Process();
            calls.Add(call);
            await call.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions"));
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
            await call.RequestStream.WriteAsync(RequestBody(Body));
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
            answers.Add(call.ResponseStream.Current);
        }

        Assert.Equal(3, answers.Count(a => a.ResponseCase == ProcessingResponse.ResponseOneofCase.RequestBody));
        var rejected = answers[3].ImmediateResponse;
        Assert.Equal(429, (int)rejected.Status.Code);
        Assert.Equal("false", SetHeader(rejected.Headers, "x-should-retry"));
        using var body = JsonDocument.Parse(rejected.Body.Memory);
        Assert.Equal("insufficient_quota", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("monthly budget of $0.10", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        foreach (var call in calls)
        {
            await call.RequestStream.CompleteAsync();
            call.Dispose();
        }
    }

    [Fact]
    public async Task Settlement_StreamEnds_SettlesTheRealCostAndReleasesTheRest()
    {
        using var config = new TempConfig(Config);
        await using var processor = await TestProcessor.StartAsync(config.Path, services =>
            services.AddSingleton<IExchangeStage>(new AttemptStage()));

        const string completion = """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500}}""";
        await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions"), RequestBody(Body), ResponseHeaders(200, ("content-type", "application/json")), ResponseBody(completion));

        var settlement = processor.Services.GetRequiredService<AdmissionSettlement>();
        await WaitUntil(async () =>
        {
            await settlement.Pending;
            var ledger = await processor.Services.GetRequiredService<BudgetLedgerProvider>().GetAsync(CancellationToken.None);
            var (period, resets) = BudgetPeriods.Current(AiGateway.Processor.Configuration.BudgetPeriod.Month, DateTimeOffset.UtcNow);
            var balance = await ledger.BalanceAsync(new BudgetScope("team:search:month", period, 100_000, resets), CancellationToken.None);

            // 1000 input × $10/M + 500 output × $30/M = $0.025 = 25 000 micro-USD, nothing left reserved.
            return balance == new ScopeBalance(25_000, 0);
        });
    }

    [Fact]
    public async Task GuardrailBlock_AfterAdmission_SettlesTheReservationToZero()
    {
        // Admission runs before the request guardrails (adr/017): the blocked request was reserved, then released.
        using var config = new TempConfig(Config + """

            guardrails:
              policies:
                credentials:
                  rules:
                    - { detector: aws-secret-key, action: block, directions: [request] }
            """);
        var ended = new System.Collections.Concurrent.ConcurrentQueue<Exchange>();
        await using var processor = await TestProcessor.StartAsync(config.Path, services =>
            services.AddSingleton<IExchangeEndObserver>(new EndCapture(ended)));
        const string body = """{"model":"gpt-4o-mini","max_tokens":1000,"messages":[{"role":"user","content":"my key is wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}]}""";

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions"), RequestBody(body));

        Assert.Equal(400, (int)responses[^1].ImmediateResponse.Status.Code);
        var settlement = processor.Services.GetRequiredService<AdmissionSettlement>();
        await WaitUntil(async () =>
        {
            await settlement.Pending;
            if (ended.IsEmpty)
            {
                return false;
            }

            var ledger = await processor.Services.GetRequiredService<BudgetLedgerProvider>().GetAsync(CancellationToken.None);
            var (period, resets) = BudgetPeriods.Current(AiGateway.Processor.Configuration.BudgetPeriod.Month, DateTimeOffset.UtcNow);
            return await ledger.BalanceAsync(new BudgetScope("team:search:month", period, 100_000, resets), CancellationToken.None) == new ScopeBalance(0, 0);
        });
        var exchange = Assert.Single(ended);
        Assert.NotNull(exchange.BudgetHold);
        Assert.True(exchange.BudgetHold.AmountMicroUsd >= 30_000);
    }

    [Theory]
    [InlineData("""{"max_tokens":512}""", 512)]
    [InlineData("""{"model":"x","max_completion_tokens":77}""", 77)]
    [InlineData("""{"model":"x"}""", null)]
    [InlineData("""{"max_tokens":"many"}""", null)]
    public void MaxTokens_ReadsEitherField(string body, int? expected) =>
        Assert.Equal(expected, AdmissionStage.MaxTokens(System.Text.Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void PriceBook_PriceChange_AppliesOnlyFromItsDate()
    {
        var backend = new AiGateway.Processor.Configuration.BackendConfig
        {
            Pricing =
            [
                new() { EffectiveFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Input = 3, Output = 15 },
                new() { EffectiveFrom = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), Input = 2, Output = 10, Reasoning = 20 },
            ],
        };

        var before = PriceBook.CostMicroUsd(PriceBook.PriceAt(backend, new DateTimeOffset(2026, 5, 31, 23, 59, 59, TimeSpan.Zero)), 1_000_000, 100_000);
        var after = PriceBook.CostMicroUsd(PriceBook.PriceAt(backend, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)), 1_000_000, 100_000, reasoning: 50_000);

        Assert.Equal(4_500_000, before);
        Assert.Equal(2_000_000 + 500_000 + 1_000_000, after);
        Assert.Null(PriceBook.PriceAt(backend, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TestProcessor.Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    private sealed class EndCapture(System.Collections.Concurrent.ConcurrentQueue<Exchange> ended) : IExchangeEndObserver
    {
        public void OnExchangeEnd(Exchange exchange)
        {
            if (exchange.Level == FilterLevel.Router)
            {
                ended.Enqueue(exchange);
            }
        }
    }

    /// <summary>Stands in for the upstream-level stream: records that backend "mini" served the request.</summary>
    private sealed class AttemptStage : IExchangeStage
    {
        public ExchangePhases Phases => ExchangePhases.RequestBody;

        public FilterLevel Levels => FilterLevel.Router;

        public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
        {
            context.Exchange.Routed!.RecordAttempt(AiGateway.Processor.Routing.BackendTarget.Resolve(context.Exchange.Snapshot, "mini")!);
            return StageResult.Continue;
        }
    }
}
