using System.Text.RegularExpressions;
using Envoy.Config.Common.MutationRules.V3;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>Envoy's HeaderMutationRules checker, in its order (ext-proc-protocol.md §2.3).</summary>
internal sealed class MutationRuleChecker(HeaderMutationRules? rules)
{
    private readonly Regex? _allow = Compile(rules?.AllowExpression?.Regex);
    private readonly Regex? _disallow = Compile(rules?.DisallowExpression?.Regex);

    public MutationVerdict CheckRemove(string name) =>
        name.StartsWith(':') || name == "host" ? Refuse() : Check(name, value: null, append: false, replaceMode: false);

    /// <param name="replaceMode">The answer is CONTINUE_AND_REPLACE, which allows <c>:method</c> (§2.3 special case).</param>
    public MutationVerdict CheckSet(string name, string value, bool append, bool replaceMode) => Check(name, value, append, replaceMode);

    private MutationVerdict Check(string name, string? value, bool append, bool replaceMode)
    {
        if (_disallow?.IsMatch(name) == true)
        {
            return Refuse();
        }

        if (_allow?.IsMatch(name) == true)
        {
            return CheckValue(name, value);
        }

        if (rules?.DisallowAll == true)
        {
            return Refuse();
        }

        var routing = name is "host" or ":authority" or ":scheme" || (name == ":method" && !replaceMode);
        if (routing && rules?.AllowAllRouting != true)
        {
            return Refuse();
        }

        if (name.StartsWith(':') && (append || rules?.DisallowSystem == true))
        {
            return Refuse();
        }

        if (name.StartsWith("x-envoy", StringComparison.Ordinal) && rules?.AllowEnvoy != true)
        {
            return Refuse();
        }

        return CheckValue(name, value);
    }

    private MutationVerdict CheckValue(string name, string? value)
    {
        if (value is null)
        {
            return MutationVerdict.Allowed;
        }

        var valid = name switch
        {
            ":status" => int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status) && status is >= 200 and <= 999,
            ":scheme" => value is "http" or "https",
            "host" or ":authority" => value.Length > 0 && !value.Any(c => c is ' ' or '/' or '?' or '#' or '@'),
            _ => true,
        };
        return valid ? MutationVerdict.Allowed : Refuse();
    }

    private MutationVerdict Refuse() => rules?.DisallowIsError == true ? MutationVerdict.Error : MutationVerdict.Ignored;

    // Envoy's RegexMatcher is a full match (RE2); .NET is close enough for header names.
    private static Regex? Compile(string? pattern) =>
        string.IsNullOrEmpty(pattern) ? null : new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
