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
}
