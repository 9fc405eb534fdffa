namespace AiGateway.Processor.Translation;

/// <summary>How the model may use tools; <see cref="Name"/> only for <see cref="ToolChoiceKind.Specific"/>.</summary>
internal sealed record ToolChoice(ToolChoiceKind Kind, string? Name = null)
{
    // Shared by every request that names one of them (immutable).
    public static readonly ToolChoice Auto = new(ToolChoiceKind.Auto);

    public static readonly ToolChoice None = new(ToolChoiceKind.None);

    public static readonly ToolChoice Required = new(ToolChoiceKind.Required);
}
