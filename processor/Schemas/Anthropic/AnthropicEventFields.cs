using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>The fields of one Anthropic stream event (§2.4) that translation uses, read in one forward pass.</summary>
internal struct AnthropicEventFields
{
    public string? Type;
    public int Index;
    public string? BlockType;
    public string? BlockId;
    public string? BlockName;
    public string? BlockText;
    public string? BlockSignature;
    public string? BlockData;
    public string? DeltaType;

    /// <summary>Unescaped UTF-8 in the reader's scratch, valid until its next event.</summary>
    public ReadOnlyMemory<byte> DeltaValue;
    public string? StopReason;
    public string? StopSequence;
    public string? MessageId;
    public string? MessageModel;
    public Usage Usage;
    public string? ErrorType;
    public string? ErrorMessage;
}
