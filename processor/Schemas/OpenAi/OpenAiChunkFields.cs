using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>The fields of one chat-completion chunk (§1.4) that translation uses; choice 0 only.</summary>
internal struct OpenAiChunkFields
{
    public string? Id;
    public string? Model;
    public int ChoiceCount;
    /// <summary>Unescaped UTF-8 in the reader's scratch (empty when absent or null), like the other delta texts.</summary>
    public ReadOnlyMemory<byte> Content;
    public ReadOnlyMemory<byte> ReasoningContent;
    public ReadOnlyMemory<byte> Refusal;
    public string? FinishReason;
    public bool HasUsage;
    public Usage Usage;
    public bool HasError;
    public string? ErrorType;
    public string? ErrorMessage;
}
