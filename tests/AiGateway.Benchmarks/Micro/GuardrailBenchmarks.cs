using System.Text;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Guardrails;
using AiGateway.Processor.Translation;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// Built-in guardrail detectors (issue 8): every detector at once over a 32 KB coding-agent prompt (prose, code,
/// numbers that nearly look like cards or keys, a few e-mail addresses), and the stream window's added cost per
/// OpenAI stream chunk. Targets: ≤ 200 µs per 32 KB prompt, ≤ 5 µs per chunk.
/// </summary>
[MemoryDiagnoser]
public class GuardrailBenchmarks
{
    private static readonly GuardrailDetector[] AllDetectors = Enum.GetValues<GuardrailDetector>();

    private readonly List<GuardrailMatch> _matches = [];
    private string _prompt = "";
    private GuardrailScanner _scanner = null!;
    private GuardrailPolicy[] _policies = [];
    private byte[] _chunk = [];
    private StreamGuard _guard = null!;
    private Exchange _exchange = null!;
    private PooledBufferWriter _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rules = AllDetectors.Select(d => new GuardrailRuleConfig { Detector = d, Action = GuardrailAction.Mask }).ToList();
        var policy = new GuardrailPolicy("all-detectors", new GuardrailPolicyConfig { Rules = rules }, new Dictionary<string, string>());
        _policies = [policy];
        _scanner = policy.Scanner;
        _prompt = Prompt(32 * 1024);

        _scanner.Scan(_prompt, GuardrailDirection.Request, _matches);
        if (_matches.Count == 0)
        {
            throw new InvalidOperationException("The benchmark prompt's e-mail addresses were not found: the detectors are not running.");
        }

        _chunk = Encoding.UTF8.GetBytes("""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"the function returns the parsed value and logs it "},"finish_reason":null}]}""" + "\n\n");
        _exchange = new Exchange(new GatewaySnapshot(new GatewayConfig(), "bench", "bench"), TimeProvider.System);
        _guard = new StreamGuard(ApiSchema.OpenAi, _policies, 1024, 256, TimeProvider.System);
        _output = new PooledBufferWriter(64 * 1024);
        for (var i = 0; i < 64; i++)
        {
            GuardChunk();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public int Scan32KbPrompt()
    {
        _matches.Clear();
        _scanner.Scan(_prompt, GuardrailDirection.Request, _matches);
        return _matches.Count;
    }

    [Benchmark]
    public int GuardChunk()
    {
        _output.Clear();
        if (_guard.Process(_exchange, _chunk, endOfStream: false, _output) is { } error)
        {
            throw new InvalidOperationException(error.Message);
        }

        return _output.Count;
    }

    /// <summary>A coding agent's prompt: prose and code with version numbers, ids and timestamps, an e-mail per ~4 KB.</summary>
    internal static string Prompt(int chars)
    {
        var text = new StringBuilder(chars + 512);
        for (var i = 0; text.Length < chars; i++)
        {
            text.Append("Please refactor the parser below so that it streams. Build 4.2.").Append(i).Append(" failed at 2026-11-23T12:00:00Z with exit code 137.\n")
                .Append("public static int Parse(ReadOnlySpan<byte> input, out long value) { value = 0; foreach (var b in input) { value = value * 10 + (b - '0'); } return input.Length; }\n")
                .Append("Order 4111 1111 1111 1112 was retried 3 times; request id 7f3a9d41c0e24b8e9a51 on host 10.0.").Append(i % 256).Append(".17 took 1834 ms.\n");
            if (i % 8 == 0)
            {
                text.Append("Questions go to dev").Append(i).Append("@example.org before Friday.\n");
            }
        }

        return text.ToString(0, chars);
    }
}
