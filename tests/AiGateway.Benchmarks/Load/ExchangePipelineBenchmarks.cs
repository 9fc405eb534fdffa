using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Hosting;
using AiGateway.Processor.Telemetry;
using BenchmarkDotNet.Attributes;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using OpenTelemetry.Metrics;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// One whole recorded client request through the processor's pipeline in memory, without gRPC or Kestrel: the
/// router-level request phases, the upstream attempt's stream, the response phases and the end observers (request
/// store, settlement, usage record, metrics), with the same services and telemetry listeners as <c>aigw serve</c>
/// on the bench config (Prometheus metrics on, usage records to a file). The <c>Allocated</c> column is what the
/// processor allocates per request above the floor; it does not depend on the machine's load, unlike the load runs.
/// </summary>
[MemoryDiagnoser]
public class ExchangePipelineBenchmarks
{
    private static readonly Dictionary<string, string> StandInCredentials = new(StringComparer.Ordinal)
    {
        ["OPENAI_API_KEY"] = "bench-openai-key",
        ["ANTHROPIC_API_KEY"] = "bench-anthropic-key",
        ["AWS_ACCESS_KEY_ID"] = "AKIDBENCHMARK000000",
        ["AWS_SECRET_ACCESS_KEY"] = "bench-secret",
        ["AWS_REGION"] = "us-east-1",
    };

    private string _folder = "";
    private ServiceProvider _services = null!;
    private ExchangePipeline _pipeline = null!;
    private GatewayConfigStore _config = null!;
    private ProcessingRequest[] _router = [];
    private ProcessingRequest[][] _attempts = [];
    private int _firstResponseMessage;
    private ProcessingResponse.ResponseOneofCase[] _expected = [];

    [Params("openai-bedrock-converse", "openai-openai", "openai-bedrock-converse-stream")]
    public string Scenario { get; set; } = "openai-bedrock-converse";

    [GlobalSetup]
    public void Setup()
    {
        foreach (var (name, value) in StandInCredentials)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        // Usage records and the ledger live beside the config (paths are relative to it): a folder of our own.
        _folder = Directory.CreateTempSubdirectory("aigw-pipeline-bench-").FullName;
        var configPath = Path.Combine(_folder, "aigw.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Exchanges", "aigw.yaml"), configPath);
        var services = new ServiceCollection();
        services.AddLogging();
        ProcessorHost.AddProcessorServices(services, configPath);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(TelemetryNames.Source).AddPrometheusExporter());
        _services = services.BuildServiceProvider();
        _ = _services.GetRequiredService<MeterProvider>();
        _pipeline = _services.GetRequiredService<ExchangePipeline>();
        _config = _services.GetRequiredService<GatewayConfigStore>();

        // One request id for every run: the request store forgets it when the router-level stream ends.
        var script = ExchangeScript.Load(Path.Combine(AppContext.BaseDirectory, "Exchanges", Scenario));
        var requestId = ByteString.CopyFromUtf8("pipeline-bench-0001");
        _router = [.. script.Router.Select(m => ExchangeScript.ForReplay(m, requestId))];
        _attempts = [.. script.Attempts.Select(a => a.Select(m => ExchangeScript.ForReplay(m, requestId)).ToArray())];
        _firstResponseMessage = script.Router.TakeWhile(m => !m.IsResponsePhase).Count();
        _expected = [.. script.Router.Select(m => m.Answer)];

        // An answer of another kind than the recording's means the benchmark no longer measures the real path.
        var answers = OneRequestAsync().AsTask().GetAwaiter().GetResult();
        for (var i = 0; i < _expected.Length; i++)
        {
            if (answers[i] != _expected[i])
            {
                throw new InvalidOperationException($"{Scenario}: message {i} was answered with {answers[i]}, the recording with {_expected[i]}.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The usage-record sinks drain asynchronously: the container must be disposed asynchronously too.
        _services.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public async Task<int> OneRequest() => (await OneRequestAsync().ConfigureAwait(false)).Length;

    private async ValueTask<ProcessingResponse.ResponseOneofCase[]> OneRequestAsync()
    {
        var answers = new ProcessingResponse.ResponseOneofCase[_router.Length];
        var exchange = new Exchange(_config.Current, TimeProvider.System);
        var context = new PhaseContext(exchange);
        for (var i = 0; i < _firstResponseMessage; i++)
        {
            answers[i] = await AnswerAsync(exchange, context, _router[i]).ConfigureAwait(false);
        }

        foreach (var attempt in _attempts)
        {
            var upstream = new Exchange(_config.Current, TimeProvider.System);
            var upstreamContext = new PhaseContext(upstream);
            foreach (var message in attempt)
            {
                await AnswerAsync(upstream, upstreamContext, message).ConfigureAwait(false);
            }

            _pipeline.End(upstream);
        }

        for (var i = _firstResponseMessage; i < _router.Length; i++)
        {
            answers[i] = await AnswerAsync(exchange, context, _router[i]).ConfigureAwait(false);
        }

        _pipeline.End(exchange);
        return answers;
    }

    private async ValueTask<ProcessingResponse.ResponseOneofCase> AnswerAsync(Exchange exchange, PhaseContext context, ProcessingRequest request)
    {
        var response = await _pipeline.ProcessAsync(exchange, context, request, CancellationToken.None).ConfigureAwait(false);
        return response?.ResponseCase ?? ProcessingResponse.ResponseOneofCase.None;
    }
}
