using System.Text.Json;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>Admission through the real processor, against both ledgers: concurrency, and Redis being down.</summary>
public sealed class BudgetAdmissionConcurrencyTests : IClassFixture<RedisServer>
{
    private const string Body = """{"model":"gpt-4o-mini","max_tokens":1000,"messages":[{"role":"user","content":"hi"}]}""";
    private readonly RedisServer _redis;

    public BudgetAdmissionConcurrencyTests(RedisServer redis)
    {
        _redis = redis;
    }

    // $30/M output × 1000 max tokens ≈ $0.03 per request (+ a few input tokens): a $0.31 budget fits exactly 10.
    private static string Config(string ledger, bool failOpen = false) => $$"""
        identity: { anonymous_team: search }
        teams:
          search:
            budgets: [{ period: day, usd: 0.31 }]
        budgets: { {{ledger}}, fail_open: {{(failOpen ? "true" : "false")}} }
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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task SixtyFourConcurrentRequests_ExactlyThoseThatFitAreAdmitted(string kind)
    {
        var ledger = kind == "sqlite" ? "ledger: sqlite, sqlite_path: ledger.db" : $"ledger: redis, redis: \"{_redis.Configuration}\"";
        using var config = new TempConfig(Config(ledger));
        await using var processor = await TestProcessor.StartAsync(config.Path);

        // Every stream stays open (as a request in flight does) until all have been answered.
        var calls = Enumerable.Range(0, 64).Select(_ => processor.Client.Process()).ToList();
        var answers = await Task.WhenAll(calls.Select(async call =>
        {
            await call.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions"));
            await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout);
            await call.RequestStream.WriteAsync(RequestBody(Body));
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
            return call.ResponseStream.Current;
        }));

        Assert.Equal(10, answers.Count(a => a.ResponseCase == ProcessingResponse.ResponseOneofCase.RequestBody));
        Assert.All(answers.Where(a => a.ResponseCase != ProcessingResponse.ResponseOneofCase.RequestBody), a => Assert.Equal(429, (int)a.ImmediateResponse.Status.Code));
        foreach (var call in calls)
        {
            await call.RequestStream.CompleteAsync();
            call.Dispose();
        }
    }

    // The cut-streams variant: Anthropic streams report input usage in message_start, so a stream the provider cuts
    // after a few events has used 1000 input tokens (+1 output) = $0.01003, which must be settled and recorded.
    private const string StreamBody = """{"model":"claude-x","max_tokens":1000,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private static readonly string[] CutStream =
    [
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1000,\"output_tokens\":1}}}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n",
    ];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task SixtyFourConcurrentStreams_CutMidway_EveryStartedRequestIsSettledAndRecorded(string kind)
    {
        var ledger = kind == "sqlite" ? "ledger: sqlite, sqlite_path: ledger.db" : $"ledger: redis, redis: \"{_redis.Configuration}\"";
        var team = $"cut{kind}";
        var yaml = Config(ledger).Replace("search", team, StringComparison.Ordinal) + $$"""

              claude-x: { backends: [claude] }
            telemetry: { usage_records: usage.jsonl }
            """;
        yaml = yaml.Replace("backends:\n", "backends:\n  claude:\n    provider: anthropic\n    model: claude-x\n    pricing:\n      - { effective_from: 2020-01-01T00:00:00Z, input: 10, output: 30 }\n", StringComparison.Ordinal)
            .Replace("providers:\n", "providers:\n  anthropic: { kind: anthropic, api_key: { env: AIGW_TEST_BUDGET_KEY } }\n", StringComparison.Ordinal);
        using var config = new TempConfig(yaml);
        await using var processor = await TestProcessor.StartAsync(config.Path, services => services.AddSingleton<IExchangeStage>(new AttemptStage("claude")));

        var calls = Enumerable.Range(0, 64).Select(_ => processor.Client.Process()).ToList();
        var admitted = await Task.WhenAll(calls.Select(async call =>
        {
            await call.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/messages"));
            await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout);
            await call.RequestStream.WriteAsync(RequestBody(StreamBody));
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
            return call.ResponseStream.Current.ResponseCase == ProcessingResponse.ResponseOneofCase.RequestBody;
        }));
        Assert.Equal(10, admitted.Count(a => a));

        // Every admitted stream starts, gets some events, then the provider cuts it: Envoy ends the ext_proc stream
        // without end_of_stream (half of them by a half-close, half by a reset).
        await Task.WhenAll(calls.Where((_, i) => admitted[i]).Select(async (call, i) =>
        {
            await call.RequestStream.WriteAsync(ResponseHeaders(200, ("content-type", "text/event-stream")));
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
            foreach (var chunk in CutStream)
            {
                await call.RequestStream.WriteAsync(ResponseBody(chunk, endOfStream: false));
                Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
            }

            if (i % 2 == 0)
            {
                await call.RequestStream.CompleteAsync();
                await call.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout);
            }
            else
            {
                call.Dispose();
            }
        }));
        foreach (var (call, i) in calls.Select((c, i) => (c, i)).Where(c => !admitted[c.i]))
        {
            await call.RequestStream.CompleteAsync();
            call.Dispose();
        }

        var usagePath = Path.Combine(config.Directory, "usage.jsonl");
        var settlement = processor.Services.GetRequiredService<AdmissionSettlement>();
        var (period, resets) = BudgetPeriods.Current(BudgetPeriod.Day, DateTimeOffset.UtcNow);
        var scope = new BudgetScope($"team:{team}:day", period, 310_000, resets);
        var deadline = DateTime.UtcNow + TestProcessor.Timeout;
        ScopeBalance balance;
        List<JsonElement> started;
        while (true)
        {
            await settlement.Pending.WaitAsync(TestProcessor.Timeout);
            var store = await processor.Services.GetRequiredService<BudgetLedgerProvider>().GetAsync(CancellationToken.None);
            balance = await store.BalanceAsync(scope, CancellationToken.None);
            started = File.Exists(usagePath)
                ? [.. File.ReadAllLines(usagePath).Select(line => JsonDocument.Parse(line).RootElement).Where(r => r.GetProperty("outcome").GetString() != "budget_rejected")]
                : [];
            if ((balance.ReservedMicroUsd == 0 && started.Count == 10) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(20);
        }

        Assert.Equal(10, started.Count);
        Assert.All(started, record =>
        {
            Assert.Equal(1000, record.GetProperty("usage").GetProperty("input_tokens").GetInt64());
            Assert.Equal(0.01003m, record.GetProperty("cost_usd").GetDecimal());
        });
        Assert.Equal(new ScopeBalance(10 * 10_030, 0), balance);
        Assert.True(balance.SettledMicroUsd <= scope.LimitMicroUsd);
    }

    [Fact]
    public async Task KeyBudget_IsCheckedOnTopOfTheTeams()
    {
        using var config = new TempConfig(Config("ledger: sqlite, sqlite_path: ledger.db").Replace("identity: { anonymous_team: search }", "identity: { keys_file: keys.json }", StringComparison.Ordinal));
        var (key, record) = AiGateway.Processor.Identity.GatewayKeyFormat.Create("search", "ci", DateTimeOffset.UtcNow, null, []);
        AiGateway.Processor.Identity.GatewayKeyFile.Write(Path.Combine(config.Directory, "keys.json"), new() { Keys = [record with { Budgets = [new() { Period = "day", Usd = 0.05m }] }] });
        await using var processor = await TestProcessor.StartAsync(config.Path);

        using var first = processor.Client.Process();
        await first.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions", ("authorization", "Bearer " + key)));
        await first.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout);
        await first.RequestStream.WriteAsync(RequestBody(Body));
        Assert.True(await first.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        var second = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions", ("authorization", "Bearer " + key)), RequestBody(Body));

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, first.ResponseStream.Current.ResponseCase);
        Assert.Equal(429, (int)second[1].ImmediateResponse.Status.Code);
        using var json = JsonDocument.Parse(second[1].ImmediateResponse.Body.Memory);
        Assert.StartsWith("This API key has reached its daily budget of $0.05", json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        await first.RequestStream.CompleteAsync();
    }

    [Theory]
    [InlineData(false, 503)]
    [InlineData(true, 0)]
    public async Task RedisDown_FailsClosedByDefault_OpenWhenConfigured(bool failOpen, int expectedStatus)
    {
        using var config = new TempConfig(Config($"ledger: redis, redis: \"127.0.0.1:{FreePorts.Next()},connectTimeout=300\"", failOpen));
        await using var processor = await TestProcessor.StartAsync(config.Path);
        processor.Logs.AllowErrors("LedgerFailClosed");

        var responses = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/messages"), RequestBody(Body));

        if (expectedStatus == 0)
        {
            Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, responses[1].ResponseCase);
            return;
        }

        var immediate = responses[1].ImmediateResponse;
        Assert.Equal(expectedStatus, (int)immediate.Status.Code);
        using var json = JsonDocument.Parse(immediate.Body.Memory);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("overloaded_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    /// <summary>Stands in for the upstream-level stream: records which backend served the request.</summary>
    private sealed class AttemptStage(string backend) : IExchangeStage
    {
        public ExchangePhases Phases => ExchangePhases.RequestBody;

        public FilterLevel Levels => FilterLevel.Router;

        public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
        {
            context.Exchange.Routed?.RecordAttempt(AiGateway.Processor.Routing.BackendTarget.Resolve(context.Exchange.Snapshot, backend)!);
            return StageResult.Continue;
        }
    }
}
