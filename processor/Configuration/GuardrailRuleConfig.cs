using AiGateway.Processor.Guardrails;

namespace AiGateway.Processor.Configuration;

/// <summary>One rule: exactly one of <see cref="Detector"/>, <see cref="Regex"/> or <see cref="Deny"/>, and an action.</summary>
internal sealed record GuardrailRuleConfig
{
    /// <summary>Shown in errors, records and metrics; defaults to the detector's name. Required for regex and deny rules.</summary>
    public string? Name { get; init; }

    public GuardrailDetector? Detector { get; init; }

    /// <summary>A .NET regex, run without backtracking (linear time): no lookarounds or backreferences.</summary>
    public string? Regex { get; init; }

    /// <summary>Words or phrases, matched case-insensitively as whole words.</summary>
    public List<string>? Deny { get; init; }

    public GuardrailAction Action { get; init; } = GuardrailAction.Detect;

    /// <summary>Where the rule checks: <c>request</c>, <c>response</c> or both (the default).</summary>
    public List<GuardrailDirection> Directions { get; init; } = [GuardrailDirection.Request, GuardrailDirection.Response];

    /// <summary>What a masked match becomes; defaults to a typed placeholder such as <c>[EMAIL]</c>.</summary>
    public string? Placeholder { get; init; }
}
