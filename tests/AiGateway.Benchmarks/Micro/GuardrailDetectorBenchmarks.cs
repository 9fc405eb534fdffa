using AiGateway.Processor.Guardrails;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Benchmarks.Micro;

/// <summary>One built-in detector alone over GuardrailBenchmarks' 32 KB prompt: which detectors the full scan is made of.</summary>
[MemoryDiagnoser]
public class GuardrailDetectorBenchmarks
{
    private readonly List<GuardrailMatch> _matches = [];
    private string _prompt = "";
    private ITextDetector _detector = null!;

    [ParamsSource(nameof(DetectorNames))]
    public string Detector { get; set; } = "";

    public static IEnumerable<string> DetectorNames => Enum.GetNames<GuardrailDetector>();

    [GlobalSetup]
    public void Setup()
    {
        _prompt = GuardrailBenchmarks.Prompt(32 * 1024);
        _detector = BuiltInDetectors.For(Enum.Parse<GuardrailDetector>(Detector));
    }

    [Benchmark]
    public int ScanOneDetector()
    {
        _matches.Clear();
        _detector.Find(_prompt, 0, _matches);
        return _matches.Count;
    }
}
