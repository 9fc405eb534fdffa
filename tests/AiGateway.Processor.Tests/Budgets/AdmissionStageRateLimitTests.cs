using System.Text.Json;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Identity;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>Rate limits through the real processor, on the in-memory limiter and on Redis, with a fake clock.</summary>
public sealed class AdmissionStageRateLimitTests : IClassFixture<RedisServer>
{
    private const string Body = """{"model":"gpt-4o-mini","max_tokens":1000,"messages":[{"role":"user","content":"hi"}]}""";
    private const string Completion = """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""";
    private readonly RedisServer _redis;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public AdmissionStageRateLimitTests(RedisServer redis)
    {
        _redis = redis;
    }

    [Theory]
    [InlineData("sqlite", "/v1/chat/completions")]
    [InlineData("sqlite", "/v1/messages")]
    [InlineData("redis", "/v1/chat/completions")]
    [InlineData("redis", "/v1/messages")]
    public async Task RequestsPerMinute_OverTheLimit_429InTheClientsFormat_WithRetryAfter_ThenAdmittedOnceRefilled(string ledger, string path)
    {
        using var config = new TempConfig(Config(ledger, "requests_per_minute: 2"));
        await using var processor = await StartAsync(config.Path);

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, (await SendAsync(processor, path)).ResponseCase);
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, (await SendAsync(processor, path)).ResponseCase);
        var refused = (await SendAsync(processor, path)).ImmediateResponse;

        Assert.Equal(429, (int)refused.Status.Code);
        Assert.Equal("30", SetHeader(refused.Headers, "retry-after"));
        Assert.Equal("false", SetHeader(refused.Headers, "x-should-retry"));
        using var json = JsonDocument.Parse(refused.Body.Memory);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.StartsWith("Team 'search' has reached its rate limit of 2 requests per minute. Retry in 30 s.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        if (path == "/v1/messages")
        {
            Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        }
        else
        {
            Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, (await SendAsync(processor, path)).ResponseCase);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task TokensPerMinute_ReservesTheWorstCase_AndSettlesToRealUsage(string ledger)
    {
        // Each request reserves its counted input (a few dozen tokens) plus max_tokens 1000: two fit in 2100, a third does not.
        using var config = new TempConfig(Config(ledger, "tokens_per_minute: 2100"));
        await using var processor = await StartAsync(config.Path, services => services.AddSingleton<IExchangeStage>(new AttemptStage()));

        // The first request stays in flight (its stream open) and holds its reservation.
        using var inFlight = processor.Client.Process();
        await inFlight.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions"));
        Assert.True(await inFlight.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await inFlight.RequestStream.WriteAsync(RequestBody(Body));
        Assert.True(await inFlight.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, inFlight.ResponseStream.Current.ResponseCase);

        // The second completes with 15 tokens used: the rest of its reservation goes back.
        var completed = await processor.ExchangeAsync(RequestHeaders("POST", "/v1/chat/completions"), RequestBody(Body), ResponseHeaders(200, ("content-type", "application/json")), ResponseBody(Completion));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, completed[1].ResponseCase);
        await processor.Services.GetRequiredService<AdmissionSettlement>().Pending.WaitAsync(TestProcessor.Timeout);

        // So the third fits (2100 - ~1030 held - 15 used) while the fourth, with both held, would not.
        using var third = processor.Client.Process();
        await third.RequestStream.WriteAsync(RequestHeaders("POST", "/v1/chat/completions"));
        Assert.True(await third.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        await third.RequestStream.WriteAsync(RequestBody(Body));
        Assert.True(await third.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, third.ResponseStream.Current.ResponseCase);

        var refused = (await SendAsync(processor, "/v1/chat/completions")).ImmediateResponse;
        Assert.Equal(429, (int)refused.Status.Code);
        Assert.Contains("rate limit of 2100 tokens per minute", refused.Body.ToStringUtf8(), StringComparison.Ordinal);
        await inFlight.RequestStream.CompleteAsync().WaitAsync(TestProcessor.Timeout);
        await third.RequestStream.CompleteAsync().WaitAsync(TestProcessor.Timeout);
    }

    [Fact]
    public async Task TokensPerMinute_RequestLargerThanTheLimit_429WithoutRetryAfter()
    {
        using var config = new TempConfig(Config("sqlite", "tokens_per_minute: 500"));
        await using var processor = await StartAsync(config.Path);

        var refused = (await SendAsync(processor, "/v1/messages")).ImmediateResponse;

        Assert.Equal(429, (int)refused.Status.Code);
        Assert.Null(SetHeader(refused.Headers, "retry-after"));
        Assert.Equal("false", SetHeader(refused.Headers, "x-should-retry"));
        Assert.Contains("more than the rate limit of 500 tokens per minute of team 'search' allows. Lower max_tokens.", refused.Body.ToStringUtf8(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyRateLimit_IsCheckedOnTopOfTheTeams_AndNamesTheKey()
    {
        using var config = new TempConfig(Config("sqlite", "requests_per_minute: 100").Replace("identity: { anonymous_team: search }", "identity: { keys_file: keys.json }", StringComparison.Ordinal));
        var (key, record) = GatewayKeyFormat.Create("search", "ci", DateTimeOffset.UtcNow, null, []);
        GatewayKeyFile.Write(Path.Combine(config.Directory, "keys.json"), new() { Keys = [record with { RateLimits = new KeyRateLimits { RequestsPerMinute = 1 } }] });
        await using var processor = await StartAsync(config.Path);

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, (await SendAsync(processor, "/v1/chat/completions", key)).ResponseCase);
        var refused = (await SendAsync(processor, "/v1/chat/completions", key)).ImmediateResponse;

        Assert.Equal(429, (int)refused.Status.Code);
        Assert.Equal("60", SetHeader(refused.Headers, "retry-after"));
        Assert.Contains("This API key has reached its rate limit of 1 requests per minute", refused.Body.ToStringUtf8(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_NonPositiveLimit_FailsWithThePath()
    {
        using var config = new TempConfig(Config("sqlite", "requests_per_minute: 0"));

        var error = Assert.Throws<AiGateway.Processor.Configuration.ConfigException>(() => AiGateway.Processor.Configuration.GatewayConfigLoader.LoadFile(config.Path));

        Assert.Contains("teams.search.rate_limits: requests_per_minute and tokens_per_minute must be positive", error.Message, StringComparison.Ordinal);
    }

    private string Config(string ledger, string limits) => $$"""
        identity: { anonymous_team: search }
        teams:
          search:
            rate_limits: { {{limits}} }
        budgets: { {{(ledger == "sqlite" ? "ledger: sqlite, sqlite_path: ledger.db" : $"ledger: redis, redis: \"{_redis.Configuration}\"")}} }
        providers:
          openai: { kind: openai, api_key: { env: AIGW_TEST_BUDGET_KEY } }
        backends:
          mini: { provider: openai, model: gpt-4o-mini }
        models:
          gpt-4o-mini: { backends: [mini] }
        """;

    private async Task<TestProcessor> StartAsync(string configPath, Action<IServiceCollection>? services = null)
    {
        // Redis buckets outlive a test and every test uses team 'search': start each from an empty store.
        if (File.ReadAllText(configPath).Contains("ledger: redis", StringComparison.Ordinal))
        {
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.Configuration + ",allowAdmin=true");
            await connection.GetServers()[0].FlushAllDatabasesAsync();
        }

        return await TestProcessor.StartAsync(configPath, collection =>
        {
            collection.AddSingleton<TimeProvider>(_time);
            services?.Invoke(collection);
        });
    }

    private static async Task<ProcessingResponse> SendAsync(TestProcessor processor, string path, string? key = null)
    {
        var headers = key is null ? RequestHeaders("POST", path) : RequestHeaders("POST", path, ("authorization", "Bearer " + key));
        var responses = await processor.ExchangeAsync(headers, RequestBody(Body));
        return responses[^1];
    }

    /// <summary>Stands in for the upstream-level stream: records that backend "mini" served the request.</summary>
    private sealed class AttemptStage : IExchangeStage
    {
        public ExchangePhases Phases => ExchangePhases.RequestBody;

        public FilterLevel Levels => FilterLevel.Router;

        public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
        {
            if (context.Exchange.Routed is { } routed)
            {
                routed.RecordAttempt(AiGateway.Processor.Routing.BackendTarget.Resolve(context.Exchange.Snapshot, "mini")!);
            }

            return StageResult.Continue;
        }
    }
}
