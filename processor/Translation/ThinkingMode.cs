namespace AiGateway.Processor.Translation;

internal enum ThinkingMode
{
    Disabled,
    Enabled,
    Adaptive,
}
