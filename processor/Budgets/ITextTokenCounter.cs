using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Budgets;

/// <summary>How <see cref="ChatTokenEstimator"/> counts the tokens of one piece of text.</summary>
internal interface ITextTokenCounter
{
    int Count(ReadOnlySpan<char> text);

    int Count(TextPart part);
}
