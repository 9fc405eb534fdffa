namespace AiGateway.Processor.Guardrails;

/// <summary>Finds one kind of sensitive text. Implementations are immutable and thread-safe; they allocate nothing per call.</summary>
internal interface ITextDetector
{
    /// <summary>Adds every match in <paramref name="text"/> to <paramref name="matches"/>, tagged with <paramref name="rule"/>.</summary>
    void Find(ReadOnlySpan<char> text, int rule, List<GuardrailMatch> matches);
}
