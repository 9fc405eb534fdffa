namespace AiGateway.Benchmarks.Load;

/// <summary>
/// How much to run. Smoke proves the harness in seconds (no figure is meaningful); quick gives rough figures in
/// under five minutes; full is the run whose figures go into docs/performance.md (quiet machine only).
/// </summary>
internal sealed record BenchMode(
    string Name,
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<int> Concurrency,
    TimeSpan FirstWarmup,
    TimeSpan LevelWarmup,
    Func<int, int> Requests,
    int Repetitions,
    int ScaleStreams,
    TimeSpan ScaleHold,
    int ScaleRepetitions,
    EndToEndPlan EndToEnd)
{
    public static readonly TimeSpan ChunkInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The streamed, translated pair the scale scenario holds open.</summary>
    public const string ScaleScenario = "openai-bedrock-converse-stream";

    private static readonly string[] AllScenarios =
    [
        "openai-openai", "openai-anthropic", "openai-bedrock-converse", "anthropic-anthropic", "anthropic-bedrock-invoke",
        "anthropic-openai", "openai-openai-stream", "openai-bedrock-converse-stream", "anthropic-openai-stream",
    ];

    public static BenchMode Smoke { get; } = new("smoke", AllScenarios, [1, 4], TimeSpan.Zero, TimeSpan.Zero, _ => 8, 1, 20, TimeSpan.FromSeconds(1), 1, new(10, 2, 3, 1));

    public static BenchMode Quick { get; } = new("quick", ["openai-bedrock-converse", "openai-openai"], [1, 32, 256],
        TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), c => c == 1 ? 300 : 1500, 3, 1000, TimeSpan.FromSeconds(5), 1, new(300, 8, 30, 3));

    public static BenchMode Full { get; } = new("full", AllScenarios, [1, 32, 256],
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), c => c == 1 ? 1000 : 5000, 3, 1000, TimeSpan.FromSeconds(30), 3, new(3000, 16, 200, 3));
}
