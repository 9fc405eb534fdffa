namespace AiGateway.Processor.Translation;

internal enum BlockKind
{
    Text,
    Thinking,
    RedactedThinking,
    ToolCall,
}
