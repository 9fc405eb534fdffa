namespace AiGateway.Processor.Translation;

/// <summary>How the model may use tools; <see cref="Name"/> only for <see cref="ToolChoiceKind.Specific"/>.</summary>
internal sealed record ToolChoice(ToolChoiceKind Kind, string? Name = null);
