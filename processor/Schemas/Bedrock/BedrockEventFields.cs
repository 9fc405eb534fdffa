using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>The fields of one ConverseStream event payload (§3.5) that translation uses.</summary>
internal struct BedrockEventFields
{
    public int Index;
    public bool StartsToolUse;
    public string? ToolUseId;
    public string? ToolName;
    public BedrockDeltaKind DeltaKind;

    /// <summary>Unescaped UTF-8 in the reader's scratch, valid until its next event.</summary>
    public ReadOnlyMemory<byte> DeltaValue;
    public string? StopReason;
    public string? StopSequence;
    public bool HasUsage;
    public Usage Usage;
}
