using AiGateway.Processor.Translation;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// One stream chunk: decode one provider event and encode the client's event (bridged), or patch and pass it
/// (passthrough). The translator is already mid-stream (the golden stream up to its first text delta was fed at
/// setup); each operation feeds that text delta again. Targets (issue 11): ≤ 5 µs translated, ≤ 2 µs passthrough,
/// no allocation beyond the outgoing bytes (here a reused buffer, so the allocation column should read 0).
/// </summary>
[MemoryDiagnoser]
public class StreamChunkBenchmarks
{
    private byte[] _chunk = [];
    private IResponseTranslator _translator = null!;
    private PooledBufferWriter _output = null!;

    [ParamsSource(nameof(Pairs))]
    public TranslationPair Pair { get; set; } = TranslationPair.All[0];

    public static IEnumerable<TranslationPair> Pairs => TranslationPair.All;

    [GlobalSetup]
    public void Setup()
    {
        var events = GoldenInputs.StreamEvents(Pair);
        var delta = events.ToList().FindIndex(Load.StreamEvents.IsTextDelta);
        if (delta < 0)
        {
            throw new InvalidOperationException($"The golden stream of {Pair} has no text delta to repeat.");
        }

        _chunk = events[delta];
        var chat = new ChatRequest { Model = "public-model", Stream = true, IncludeUsage = true };
        var request = new ParsedRequest(Pair.Client, ReadOnlyMemory<byte>.Empty, chat);
        _translator = ExchangeTranslators.For(Pair.Client, Pair.Provider)
            .CreateResponseTranslator(request, new ResponseContext("public-model", "req-bench", 1700000000));
        _output = new PooledBufferWriter(64 * 1024);
        for (var i = 0; i <= delta; i++)
        {
            _translator.TranslateStream(events[i], endOfStream: false, _output);
        }

        _output.Clear();
        TranslateChunk();
        if (_output.Count == 0 || _translator.StreamError is not null)
        {
            throw new InvalidOperationException($"{Pair}: the repeated text delta produced no client bytes ({_translator.StreamError?.Message}).");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _translator.Dispose();
        _output.Dispose();
    }

    [Benchmark]
    public int TranslateChunk()
    {
        _output.Clear();
        _translator.TranslateStream(_chunk, endOfStream: false, _output);
        return _output.Count;
    }
}
