namespace AiGateway.Processor.Configuration;

/// <summary>Keys written with no value (<c>stream:</c>, <c>rules:</c>) bind to null; they mean the defaults.</summary>
internal static class GuardrailsConfigDefaults
{
    public static GuardrailsConfig Fill(GuardrailsConfig? config)
    {
        if (config is null)
        {
            return new GuardrailsConfig();
        }

        var policies = new Dictionary<string, GuardrailPolicyConfig>(StringComparer.Ordinal);
        foreach (var (name, policy) in config.Policies ?? [])
        {
            var p = policy ?? new GuardrailPolicyConfig();
            policies[name] = p with
            {
                Teams = p.Teams ?? [],
                ExcludeTeams = p.ExcludeTeams ?? [],
                Keys = p.Keys ?? [],
                Models = p.Models ?? [],
                Rules = [.. (p.Rules ?? []).Select(r => r ?? new GuardrailRuleConfig()).Select(r => r with { Directions = r.Directions ?? [] })],
                Bedrock = p.Bedrock is { } b ? b with { Directions = b.Directions ?? [] } : null,
            };
        }

        return config with
        {
            RefusalMessage = config.RefusalMessage ?? new GuardrailsConfig().RefusalMessage,
            Stream = config.Stream ?? new(),
            Policies = policies,
        };
    }
}
