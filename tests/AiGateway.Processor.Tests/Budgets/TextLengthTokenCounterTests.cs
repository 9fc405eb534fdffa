using System.Text;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.Budgets;

/// <summary>The tokenizer-free count a cut stream's input estimate uses when admission counted no tokens (adr/019).</summary>
public sealed class TextLengthTokenCounterTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 1)]
    [InlineData("abcd", 2)]
    [InlineData("Grüße", 3)]
    [InlineData("日本語", 3)]
    public void Count_Text_IsUtf8BytesOverThreeRoundedUp(string text, int tokens)
    {
        Assert.Equal(tokens, TextLengthTokenCounter.Instance.Count(text));
        Assert.Equal(tokens, TextLengthTokenCounter.Instance.Count(new TextPart(text)));
    }

    [Fact]
    public void Estimate_PartReadFromTheBody_MeasuredByItsTokenWithoutQuotes()
    {
        Assert.Null(ClientRequestParser.TryParse(ApiSchema.OpenAi, Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"abcdefghi"}]}"""), out var parsed));

        var estimate = new ChatTokenEstimator(TextLengthTokenCounter.Instance).Estimate(parsed!.Chat, factor: 1);

        // 9 bytes of text = 3 tokens, plus the request and message overheads (docs/budgets.md).
        Assert.Equal(ChatTokenEstimator.RequestOverhead + ChatTokenEstimator.MessageOverhead + 3, estimate);
    }
}
