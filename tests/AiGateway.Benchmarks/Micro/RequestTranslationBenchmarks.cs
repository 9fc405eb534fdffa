using AiGateway.Processor.Translation;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// A client request as the processor handles it: parse and validate once (request body phase), then write the
/// provider body for one attempt (upstream request headers phase). Targets (issue 5): typical request ≤ 20 µs and
/// ≤ 2 allocations per KB.
/// </summary>
[MemoryDiagnoser]
public class RequestTranslationBenchmarks
{
    private byte[] _body = [];
    private IExchangeTranslator _translator = null!;
    private TranslationTarget _target = null!;
    private PooledBufferWriter _output = null!;

    [ParamsSource(nameof(Pairs))]
    public TranslationPair Pair { get; set; } = TranslationPair.All[0];

    [Params(RequestSize.Typical, RequestSize.Large)]
    public RequestSize Size { get; set; }

    public static IEnumerable<TranslationPair> Pairs => TranslationPair.All;

    [GlobalSetup]
    public void Setup()
    {
        _body = RequestBodies.Create(Pair.Client, Size, "public-model");
        _translator = ExchangeTranslators.For(Pair.Client, Pair.Provider);
        _target = new TranslationTarget(Pair.Provider, "provider-model-id", Stream: false);
        _output = new PooledBufferWriter(_body.Length + 1024);

        // Fail at setup, not silently inside the measured loop.
        if (Translate() is { } error)
        {
            throw new InvalidOperationException($"{Pair} cannot translate the benchmark body: {error.Message}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public bool ParseAndTranslate() => Translate() is null;

    private GatewayError? Translate()
    {
        _output.Clear();
        var error = ClientRequestParser.TryParse(Pair.Client, _body, out var parsed);
        return error ?? _translator.TranslateRequest(parsed!, _target, _output, out _);
    }
}
