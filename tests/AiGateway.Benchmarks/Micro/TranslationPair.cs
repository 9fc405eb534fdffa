using AiGateway.Processor.Translation;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// One client × provider pair the benchmarks cover (issue 11, micro). Its name is the golden-file prefix
/// (<c>openai__bedrock-converse</c>), so inputs come from the same real shapes the translation tests use.
/// </summary>
public sealed record TranslationPair(string Name)
{
    /// <summary>The six pairs: both passthroughs and the four bridges that agents use most.</summary>
    public static readonly IReadOnlyList<TranslationPair> All =
    [
        new("openai__openai"),
        new("openai__anthropic"),
        new("openai__bedrock-converse"),
        new("anthropic__anthropic"),
        new("anthropic__bedrock-invoke"),
        new("anthropic__openai"),
    ];

    internal ApiSchema Client => Parse(Name.Split("__")[0]);

    internal ApiSchema Provider => Parse(Name.Split("__")[1]);

    public bool IsPassthrough => ExchangeTranslators.IsPassthrough(Client, Provider);

    // BenchmarkDotNet prints parameters with ToString().
    public override string ToString() => Name.Replace("__", "->", StringComparison.Ordinal);

    private static ApiSchema Parse(string name) =>
        ApiSchemaNames.TryParse(name, out var schema) ? schema : throw new ArgumentException($"Unknown schema '{name}'.", nameof(name));
}
