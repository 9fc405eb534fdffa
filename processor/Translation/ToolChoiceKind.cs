namespace AiGateway.Processor.Translation;

internal enum ToolChoiceKind
{
    Auto,
    None,
    Required,
    Specific,
}
