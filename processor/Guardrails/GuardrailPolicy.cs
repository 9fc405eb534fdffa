using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Guardrails;

/// <summary>A policy compiled from config: its selectors as sets, its rules as a scanner, and its Bedrock guardrail.</summary>
internal sealed class GuardrailPolicy
{
    private readonly HashSet<string> _teams;
    private readonly HashSet<string> _excludedTeams;
    private readonly HashSet<string> _keys;
    private readonly HashSet<string> _models;

    public GuardrailPolicy(string name, GuardrailPolicyConfig config, IReadOnlyDictionary<string, string> modelNames)
    {
        Name = name;
        _teams = new(config.Teams, StringComparer.Ordinal);
        _excludedTeams = new(config.ExcludeTeams, StringComparer.Ordinal);
        _keys = new(config.Keys, StringComparer.Ordinal);
        _models = new(config.Models.Select(m => modelNames.TryGetValue(m, out var route) ? route : m), StringComparer.Ordinal);
        ToolArguments = config.ToolArguments;
        Bedrock = config.Bedrock;
        Scanner = new GuardrailScanner([.. config.Rules.Select(GuardrailRuleCompiler.Compile)]);
    }

    public string Name { get; }

    public GuardrailScanner Scanner { get; }

    public bool ToolArguments { get; }

    public BedrockGuardrailConfig? Bedrock { get; }

    /// <summary>True when some rule or the Bedrock guardrail checks this direction.</summary>
    public bool Checks(GuardrailDirection direction)
    {
        if (Bedrock is { } bedrock && bedrock.Directions.Contains(direction))
        {
            return true;
        }

        foreach (var rule in Scanner.Rules)
        {
            if (rule.Applies(direction))
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="model">The route name (aliases resolved).</param>
    public bool AppliesTo(string? team, string? keyId, string? model) =>
        (_teams.Count == 0 || (team is not null && _teams.Contains(team)))
        && (team is null || !_excludedTeams.Contains(team))
        && (_keys.Count == 0 || (keyId is not null && _keys.Contains(keyId)))
        && (_models.Count == 0 || (model is not null && _models.Contains(model)));
}
