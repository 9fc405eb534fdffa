using System.Runtime.CompilerServices;
using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// The compiled policies of one config snapshot. Compiled once per snapshot and kept beside it (a reload builds a
/// new snapshot, so old policies go with the old snapshot), never per request.
/// </summary>
internal sealed class GuardrailPolicies
{
    private static readonly ConditionalWeakTable<GatewaySnapshot, GuardrailPolicies> BySnapshot = [];

    private GuardrailPolicies(GatewaySnapshot snapshot)
    {
        var guardrails = snapshot.Config.Guardrails;
        All = [.. guardrails.Policies.Select(p => new GuardrailPolicy(p.Key, p.Value, snapshot.ModelNames))];
        RefusalMessage = guardrails.RefusalMessage;
        WindowChars = guardrails.Stream.WindowChars;
        OverlapChars = guardrails.Stream.OverlapChars;
        BedrockWindowChars = guardrails.Stream.BedrockWindowChars;
    }

    public IReadOnlyList<GuardrailPolicy> All { get; }

    public string RefusalMessage { get; }

    public int WindowChars { get; }

    public int OverlapChars { get; }

    public int BedrockWindowChars { get; }

    public static GuardrailPolicies For(GatewaySnapshot snapshot) => BySnapshot.GetValue(snapshot, static s => new GuardrailPolicies(s));

    /// <summary>The policies that apply to a request and check <paramref name="direction"/>; empty for most configs.</summary>
    public List<GuardrailPolicy> Select(string? team, string? keyId, string? model, GuardrailDirection direction)
    {
        var selected = new List<GuardrailPolicy>();
        foreach (var policy in All)
        {
            if (policy.AppliesTo(team, keyId, model) && policy.Checks(direction))
            {
                selected.Add(policy);
            }
        }

        return selected;
    }
}
