namespace AiGateway.Processor.Configuration;

/// <summary>Guardrail policies and how responses are checked (docs/guardrails.md).</summary>
internal sealed record GuardrailsConfig
{
    /// <summary>What a blocked non-streaming answer says instead of the model's text.</summary>
    public string RefusalMessage { get; init; } = "The response was withheld by the gateway's content policy.";

    public GuardrailStreamConfig Stream { get; init; } = new();

    /// <summary>Policies by name; every policy whose selectors match a request applies to it.</summary>
    public Dictionary<string, GuardrailPolicyConfig> Policies { get; init; } = [];
}
