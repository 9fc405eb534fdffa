using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Identity;
using AiGateway.Processor.Telemetry;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Telemetry;

/// <summary>
/// The processor with in-memory metric and span exporters, a gateway key per team, a known provider key and a
/// known prompt, driving whole client requests through both filter levels like Envoy (attempts included).
/// Teams are unique to this harness so that metrics of tests running in parallel can be told apart.
/// </summary>
internal sealed class TelemetryHarness : IAsyncDisposable
{
    public const string ProviderKey = "sk-provider-known-telemetry-5b8e1c";
    public const string Prompt = "the private telemetry prompt 7f3a9d";
    public const string CompletionText = "the private completion 41c0e2";

    private const string ProviderKeyVariable = "AIGW_TEST_TELEMETRY_PROVIDER_KEY";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _ended = new(StringComparer.Ordinal);
    private bool _stopped;

    /// <summary>Teams unique to this harness: processors of tests running in parallel share the meter name.</summary>
    public string Team { get; } = $"tel-{Guid.NewGuid():N}"[..12];

    public string PoorTeam => Team + "-poor";

    public string RichTeam => Team + "-rich";

    private TelemetryHarness(TempConfig config)
    {
        ConfigFile = config;
    }

    public TempConfig ConfigFile { get; }

    public TestProcessor Processor { get; private set; } = null!;

    public string Key { get; private set; } = "";

    public string PoorKey { get; private set; } = "";

    public string RichKey { get; private set; } = "";

    /// <summary>Every export of this harness's provider, this processor's meters and any other test's.</summary>
    public List<MetricSnapshot> Metrics { get; } = [];

    /// <summary>The latest export of <paramref name="name"/> from this harness's processor (its meters carry <see cref="Team"/> as version).</summary>
    public MetricSnapshot? LastMetric(string name) => Metrics.LastOrDefault(m => m.Name == name && m.MeterVersion == Team);

    /// <summary>What the processor wrote to stdout (EMF lines, stdout records).</summary>
    public MemoryStream Stdout { get; } = new();

    public List<Activity> Spans { get; } = [];

    public string RecordsPath => Path.Combine(ConfigFile.Directory, "usage", "records.jsonl");

    /// <param name="stageSampling">telemetry.stage_duration_sampling: every exchange unless a test says otherwise.</param>
    public string Yaml(string extra = "", int stageSampling = 1) => $$"""
        identity: { keys_file: keys.json }
        teams:
          {{Team}}: {}
          {{PoorTeam}}:
            budgets: [{ period: month, usd: 0.000001 }]
          {{RichTeam}}:
            budgets: [{ period: month, usd: 100 }]
        budgets: { ledger: sqlite, sqlite_path: ledger.db }
        providers:
          openai: { kind: openai, api_key: { env: {{ProviderKeyVariable}} } }
          anthropic: { kind: anthropic, api_key: { env: {{ProviderKeyVariable}} } }
        backends:
          anthropic-haiku:
            provider: anthropic
            model: claude-haiku
            pricing: [{ effective_from: 2020-01-01T00:00:00Z, input: 1, output: 5 }]
          openai-mini:
            provider: openai
            model: gpt-4o-mini-2024-07-18
            pricing:
              - { effective_from: 2020-01-01T00:00:00Z, input: 0.1, output: 0.5 }
              - { effective_from: 2024-06-01T00:00:00Z, input: 0.15, output: 0.6, cache_read: 0.075 }
        models:
          tel-mini: { backends: [anthropic-haiku, openai-mini] }
        telemetry:
          usage_records: usage/records.jsonl
          prometheus: false
          stage_duration_sampling: {{stageSampling}}
        {{extra}}
        """;

    /// <param name="extraYaml">Lines appended under <c>telemetry:</c>.</param>
    /// <param name="captureContent">The main team's <c>capture_content</c> policy.</param>
    public static async Task<TelemetryHarness> StartAsync(string extraYaml = "", Action<IServiceCollection>? services = null, bool captureContent = false, int stageSampling = 1)
    {
        Environment.SetEnvironmentVariable(ProviderKeyVariable, ProviderKey);
        var harness = new TelemetryHarness(new TempConfig());
        harness.ConfigFile.Write(harness.Yaml(extraYaml, stageSampling).Replace($"  {harness.Team}: {{}}", captureContent ? $"  {harness.Team}: {{ capture_content: true }}" : $"  {harness.Team}: {{}}", StringComparison.Ordinal));
        var (key, record) = GatewayKeyFormat.Create(harness.Team, "telemetry", DateTimeOffset.UtcNow, null, []);
        var (poorKey, poorRecord) = GatewayKeyFormat.Create(harness.PoorTeam, "telemetry-poor", DateTimeOffset.UtcNow, null, []);
        var (richKey, richRecord) = GatewayKeyFormat.Create(harness.RichTeam, "telemetry-rich", DateTimeOffset.UtcNow, null, []);
        GatewayKeyFile.Write(Path.Combine(harness.ConfigFile.Directory, "keys.json"), new GatewayKeyFileContent { Keys = [record, poorRecord, richRecord] });
        harness.RichKey = richKey;
        harness.Key = key;
        harness.PoorKey = poorKey;
        harness.Processor = await TestProcessor.StartAsync(harness.ConfigFile.Path, collection =>
        {
            collection.AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(new HarnessMeterFactory(harness.Team));
            collection.AddOpenTelemetry()
                .WithMetrics(metrics => metrics.AddMeter(TelemetryNames.Source).AddInMemoryExporter(harness.Metrics))
                .WithTracing(tracing => tracing.AddSource(TelemetryNames.Source).AddInMemoryExporter(harness.Spans));
            collection.AddSingleton<IExchangeEndObserver>(new EndSignal(harness._ended));
            collection.AddSingleton(new StdoutRecordSink(harness.Stdout));
            services?.Invoke(collection);
        });
        return harness;
    }

    public static string ChatBody(bool stream) =>
        $$"""{"model":"tel-mini","max_tokens":50,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{Prompt}}"}]}""";

    public static string Completion(int input = 120, int output = 30, int cached = 0) =>
        $$$"""{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"{{{CompletionText}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":{{{input}}},"completion_tokens":{{{output}}},"total_tokens":{{{input + output}}},"prompt_tokens_details":{"cached_tokens":{{{cached}}}""" + "}}}";

    public static string[] StreamChunks() =>
    [
        $$"""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":"{{CompletionText}}"},"finish_reason":null}]}""" + "\n\n",
        """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\n",
        """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}""" + "\n\n" + "data: [DONE]\n\n",
    ];

    /// <summary>
    /// One client request. <paramref name="chunks"/> are the provider's response body messages; the last carries
    /// end_of_stream unless <paramref name="clientDisconnects"/>, in which case the client goes away after them.
    /// </summary>
    public async Task<List<ProcessingResponse>> RequestAsync(
        string requestId,
        string body,
        string[] attempts,
        int status = 200,
        string contentType = "application/json",
        string[]? chunks = null,
        bool clientDisconnects = false,
        string? key = null,
        params (string Name, string Value)[] headers)
    {
        var answers = new List<ProcessingResponse>();
        var router = Processor.Client.Process();
        try
        {
            async Task<bool> SendAsync(ProcessingRequest message)
            {
                await router.RequestStream.WriteAsync(message).WaitAsync(TestProcessor.Timeout);
                Assert.True(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
                answers.Add(router.ResponseStream.Current);
                return router.ResponseStream.Current.ResponseCase != ProcessingResponse.ResponseOneofCase.ImmediateResponse;
            }

            (string, string)[] requestHeaders = [("x-request-id", requestId), ("authorization", $"Bearer {key ?? Key}"), .. headers];
            if (await SendAsync(RequestHeaders("POST", "/v1/chat/completions", requestHeaders)) && await SendAsync(RequestBody(body)))
            {
                foreach (var backend in attempts)
                {
                    await Processor.ExchangeAsync(UpstreamRequestHeaders(backend, ("x-aigw-request-id", requestId), ("authorization", $"Bearer {key ?? Key}")));
                }

                chunks ??= [Completion()];
                await SendAsync(ResponseHeaders(status, ("content-type", contentType)));
                for (var i = 0; i < chunks.Length; i++)
                {
                    await SendAsync(ResponseBody(chunks[i], endOfStream: !clientDisconnects && i == chunks.Length - 1));
                }
            }

            if (!clientDisconnects)
            {
                await router.RequestStream.CompleteAsync().WaitAsync(TestProcessor.Timeout);
                Assert.False(await router.ResponseStream.MoveNext().WaitAsync(TestProcessor.Timeout));
            }
        }
        finally
        {
            // A disconnecting client's stream is reset (Envoy resets the ext_proc stream when its request goes away).
            router.Dispose();
        }

        await Ended(requestId).WaitAsync(TestProcessor.Timeout);
        return answers;
    }

    /// <summary>Exports what the instruments hold now.</summary>
    public void FlushMetrics() => Assert.True(Processor.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

    /// <summary>
    /// Exports until <paramref name="done"/> holds (at most 10 s): a request's end observers run one after another, and
    /// the one that ends <see cref="RequestAsync"/>'s wait is not always the last to record a metric.
    /// </summary>
    public async Task FlushMetricsUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TestProcessor.Timeout;
        FlushMetrics();
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            FlushMetrics();
        }
    }

    /// <summary>Stops the processor (draining record queues) and returns every usage record by request id.</summary>
    public async Task<Dictionary<string, JsonElement>> StopAndReadRecordsAsync()
    {
        await StopAsync();
        var text = await File.ReadAllTextAsync(RecordsPath).WaitAsync(TestProcessor.Timeout);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(record => record.GetProperty("request_id").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            ConfigFile.Dispose();
        }
    }

    /// <summary>Stops the processor once: record queues are drained, spans and metrics exported.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Processor.DisposeAsync();
        }
    }

    private Task Ended(string requestId) => _ended.GetOrAdd(requestId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Registered last, so every other end observer (settlement, records, metrics, spans) has run.</summary>
    private sealed class EndSignal(ConcurrentDictionary<string, TaskCompletionSource> ended) : IExchangeEndObserver
    {
        public void OnExchangeEnd(Exchange exchange)
        {
            if (exchange.Level == FilterLevel.Router && exchange.RequestId is { } id)
            {
                ended.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
    }
}
