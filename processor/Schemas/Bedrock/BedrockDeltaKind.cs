namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>Which member of a <c>contentBlockDelta.delta</c> union was present (§3.5).</summary>
internal enum BedrockDeltaKind
{
    None,
    Text,
    ToolInput,
    ReasoningText,
    ReasoningSignature,
    RedactedContent,
}
