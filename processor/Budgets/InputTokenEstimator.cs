using System.Text;
using Microsoft.ML.Tokenizers;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// A conservative count of a request's input tokens for the worst-case reservation: the o200k tokenizer over the
/// whole request body (JSON punctuation and field names included), so it errs high, never low. Settlement uses the
/// provider's real count.
/// </summary>
internal static class InputTokenEstimator
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>Loads the tokenizer's vocabulary off the request path (it takes about a second the first time).</summary>
    public static Task WarmUpAsync() => Task.Run(() => Tokenizer.Value);

    public static int Estimate(ReadOnlySpan<byte> body) => Tokenizer.Value.CountTokens(Encoding.UTF8.GetString(body));
}
