using System.Text;
using Microsoft.ML.Tokenizers;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// The o200k tokenizer, loaded once. Admission counts message parts through <see cref="ChatTokenEstimator"/> (and
/// its cache); the whole-body count remains for requests without a parsed chat (local count_tokens answers).
/// </summary>
internal static class InputTokenEstimator
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>Loads the tokenizer's vocabulary off the request path (it takes about a second the first time).</summary>
    public static Task WarmUpAsync() => Task.Run(() => Tokenizer.Value);

    /// <summary>The tokenizer was loaded by some use (admission, count_tokens, a warm-up).</summary>
    public static bool IsLoaded => Tokenizer.IsValueCreated;

    /// <summary>o200k over the whole request body (JSON punctuation and field names included), so it errs high.</summary>
    public static int Estimate(ReadOnlySpan<byte> body) => Tokenizer.Value.CountTokens(Encoding.UTF8.GetString(body));

    /// <summary>o200k over one text.</summary>
    public static int Count(ReadOnlySpan<char> text) => Tokenizer.Value.CountTokens(text);
}
