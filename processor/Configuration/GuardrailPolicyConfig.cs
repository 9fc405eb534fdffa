namespace AiGateway.Processor.Configuration;

/// <summary>
/// One guardrail policy: which requests it applies to (empty selector = all) and its rules. A request gets every
/// policy whose teams, keys and models all match.
/// </summary>
internal sealed record GuardrailPolicyConfig
{
    public List<string> Teams { get; init; } = [];

    /// <summary>Teams the policy never applies to (how operators relax a default policy for one team).</summary>
    public List<string> ExcludeTeams { get; init; } = [];

    /// <summary>Gateway key ids (<c>aigw keys list</c>).</summary>
    public List<string> Keys { get; init; } = [];

    /// <summary>Public model names.</summary>
    public List<string> Models { get; init; } = [];

    /// <summary>Also check streamed tool-call argument text of responses (off: tool calls pass unchecked).</summary>
    public bool ToolArguments { get; init; }

    public List<GuardrailRuleConfig> Rules { get; init; } = [];

    /// <summary>An AWS Bedrock guardrail called through ApplyGuardrail, besides the built-in rules.</summary>
    public BedrockGuardrailConfig? Bedrock { get; init; }
}
