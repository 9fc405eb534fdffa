using AiGateway.Processor.Guardrails;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// One built-in detector alone over GuardrailBenchmarks' 32 KB prompt: which detectors the full scan is made of.
/// <see cref="WholeTextRegex"/> runs the same detector's regex over the whole text (the mechanism before windows), so
/// one run compares the two in the same minute.
/// </summary>
[MemoryDiagnoser]
public class GuardrailDetectorBenchmarks
{
    private readonly List<GuardrailMatch> _matches = [];
    private string _prompt = "";
    private ITextDetector _detector = null!;
    private System.Text.RegularExpressions.Regex? _wholeText;

    [ParamsSource(nameof(DetectorNames))]
    public string Detector { get; set; } = "";

    public static IEnumerable<string> DetectorNames => Enum.GetNames<GuardrailDetector>();

    [GlobalSetup]
    public void Setup()
    {
        _prompt = GuardrailBenchmarks.Prompt(32 * 1024);
        var kind = Enum.Parse<GuardrailDetector>(Detector);
        _detector = BuiltInDetectors.For(kind);
        _wholeText = kind == GuardrailDetector.AwsSecretKey ? null : BuiltInDetectors.WholeTextRegex(kind);
    }

    [Benchmark]
    public int ScanOneDetector()
    {
        _matches.Clear();
        _detector.Find(_prompt, 0, _matches);
        return _matches.Count;
    }

    /// <summary>The regex over all 32 KB, as when a prompt passed the old whole-text prefilter (AwsSecretKey has no regex form: 0).</summary>
    [Benchmark]
    public int WholeTextRegex()
    {
        if (_wholeText is null)
        {
            return 0;
        }

        var count = 0;
        foreach (var match in _wholeText.EnumerateMatches(_prompt))
        {
            count += match.Length;
        }

        return count;
    }
}
