using System.Text.Json;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
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
}
