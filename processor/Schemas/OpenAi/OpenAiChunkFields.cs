using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>The fields of one chat-completion chunk (§1.4) that translation uses; choice 0 only.</summary>
internal struct OpenAiChunkFields
{
    public string? Id;
    public string? Model;
    public int ChoiceCount;
    public string? Content;
    public string? ReasoningContent;
    public string? Refusal;
    public string? FinishReason;
    public bool HasUsage;
    public Usage Usage;
    public bool HasError;
    public string? ErrorType;
    public string? ErrorMessage;
}
