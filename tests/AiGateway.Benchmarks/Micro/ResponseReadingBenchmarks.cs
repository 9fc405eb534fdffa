using System.Text;
using System.Text.Json;
using AiGateway.Processor.Translation;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// Reading a non-streaming provider body (issue 11, "Found by profiling: respreaders"): the pair's golden response and a
/// 32 KB answer, through the per-response translator as every response goes. Passthrough reads only usage and finish
/// reason; bridges read into the neutral response and write the client's body.
/// </summary>
[MemoryDiagnoser]
public class ResponseReadingBenchmarks
{
    private static readonly string LongText = string.Concat(Enumerable.Repeat("Le café est prêt.\nThe answer continues with \"quoted\" words and more plain text. ", 340));

    private byte[] _response = [];
    private ParsedRequest _request = null!;
    private ResponseContext _context = null!;
    private IExchangeTranslator _translator = null!;
    private PooledBufferWriter _output = null!;

    [ParamsSource(nameof(Pairs))]
    public TranslationPair Pair { get; set; } = TranslationPair.All[0];

    [Params("golden", "32kb")]
    public string Body { get; set; } = "golden";

    public static IEnumerable<TranslationPair> Pairs =>
        [new("openai__openai"), new("anthropic__anthropic"), new("openai__anthropic"), new("openai__bedrock-converse"), new("anthropic__openai")];

    [GlobalSetup]
    public void Setup()
    {
        _response = Body == "golden" ? GoldenInputs.Response(Pair) : LongAnswer(Pair.Provider);
        _request = new ParsedRequest(Pair.Client, ReadOnlyMemory<byte>.Empty, new ChatRequest { Model = "public-model", IncludeUsage = true });
        _context = new ResponseContext("public-model", "req-bench", 1700000000);
        _translator = ExchangeTranslators.For(Pair.Client, Pair.Provider);
        _output = new PooledBufferWriter(_response.Length * 2);
        if (Translate() is { } error)
        {
            throw new InvalidOperationException($"{Pair} cannot translate its {Body} response: {error.Message}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public bool TranslateBody() => Translate() is null;

    private GatewayError? Translate()
    {
        _output.Clear();
        using var translator = _translator.CreateResponseTranslator(_request, _context);
        return translator.TranslateBody(_response, _output);
    }

    /// <summary>A long text answer in the provider's shape (§1.3, §2.3, §3.3).</summary>
    private static byte[] LongAnswer(ApiSchema provider)
    {
        var text = JsonSerializer.Serialize(LongText);
        var json = provider switch
        {
            ApiSchema.OpenAi or ApiSchema.AzureOpenAi =>
                $$$$"""{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":{{{{text}}}},"refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":8000,"total_tokens":8120,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}""",
            ApiSchema.BedrockConverse =>
                $$$$"""{"output":{"message":{"role":"assistant","content":[{"text":{{{{text}}}}}]}},"stopReason":"end_turn","usage":{"inputTokens":120,"outputTokens":8000,"totalTokens":8120},"metrics":{"latencyMs":900}}""",
            _ =>
                $$$$"""{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"text","text":{{{{text}}}}}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":8000}}""",
        };
        return Encoding.UTF8.GetBytes(json);
    }
}
