using AiGateway.Processor.Translation;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Benchmarks.Micro;

/// <summary>A non-streaming provider response (golden input of the pair) translated into the client's body.</summary>
[MemoryDiagnoser]
public class ResponseTranslationBenchmarks
{
    private byte[] _response = [];
    private ParsedRequest _request = null!;
    private ResponseContext _context = null!;
    private IExchangeTranslator _translator = null!;
    private PooledBufferWriter _output = null!;

    [ParamsSource(nameof(Pairs))]
    public TranslationPair Pair { get; set; } = TranslationPair.All[0];

    public static IEnumerable<TranslationPair> Pairs => TranslationPair.All;

    [GlobalSetup]
    public void Setup()
    {
        _response = GoldenInputs.Response(Pair);
        var chat = new ChatRequest { Model = "public-model", IncludeUsage = true };
        _request = new ParsedRequest(Pair.Client, ReadOnlyMemory<byte>.Empty, chat);
        _context = new ResponseContext("public-model", "req-bench", 1700000000);
        _translator = ExchangeTranslators.For(Pair.Client, Pair.Provider);
        _output = new PooledBufferWriter(_response.Length * 2);
        if (Translate() is { } error)
        {
            throw new InvalidOperationException($"{Pair} cannot translate its golden response: {error.Message}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    /// <summary>Includes creating the per-response translator, as every response does.</summary>
    [Benchmark]
    public bool TranslateBody() => Translate() is null;

    private GatewayError? Translate()
    {
        _output.Clear();
        using var translator = _translator.CreateResponseTranslator(_request, _context);
        return translator.TranslateBody(_response, _output);
    }
}
