using System.Text;
using AiGateway.EnvoyStandIn.Http;
using Envoy.Service.ExtProc.V3;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>Applies a processor's HeaderMutation the way Envoy's mutation_utils does (ext-proc-protocol.md §3.5).</summary>
internal static class HeaderMutationApplier
{
    /// <param name="dropContentLength">Envoy is in content-length-stripping mode for this direction (§3.6): sets of it are skipped.</param>
    /// <param name="replaceMode">The answer is CONTINUE_AND_REPLACE (allows <c>:method</c>).</param>
    /// <returns>Null on success, else the response-code details of the local reply 500.</returns>
    public static string? Apply(HeaderList headers, HeaderMutation? mutation, MutationRuleChecker rules, bool dropContentLength, bool replaceMode)
    {
        if (mutation is null)
        {
            return null;
        }

        // Removes are applied before sets, so remove-then-set of one name leaves it set (§3.5).
        foreach (var raw in mutation.RemoveHeaders)
        {
            if (!IsValidName(raw))
            {
                return "header_mutation_remove_contains_invalid_character";
            }

            var name = raw.ToLowerInvariant();
            switch (rules.CheckRemove(name))
            {
                case MutationVerdict.Allowed:
                    headers.Remove(name);
                    break;
                case MutationVerdict.Error:
                    return "header_mutation_remove_headers_failed";
            }
        }

        foreach (var option in mutation.SetHeaders)
        {
            if (option.Header is null)
            {
                continue;
            }

            var name = option.Header.Key.ToLowerInvariant();
            if (name == "content-length" && dropContentLength)
            {
                continue;
            }

            // Only raw_value counts: a header set through `value` becomes empty (§0.1).
            var value = Encoding.Latin1.GetString(option.Header.RawValue.Span);
            if (!IsValidName(name) || !IsValidValue(value))
            {
                return "header_mutation_set_contains_invalid_character";
            }

            // Only the deprecated `append` counts, unset = overwrite; append_action is ignored (§0.2).
#pragma warning disable CS0612 // `append` is deprecated in the API, yet it is the only switch ext_proc reads.
            var append = option.Append == true && headers.Contains(name);
#pragma warning restore CS0612
            switch (rules.CheckSet(name, value, append, replaceMode))
            {
                case MutationVerdict.Allowed when append:
                    headers.Add(name, value);
                    break;
                case MutationVerdict.Allowed:
                    headers.Set(name, value);
                    break;
                case MutationVerdict.Error:
                    return "header_mutation_set_headers_failed";
            }
        }

        return null;
    }

    private static bool IsValidName(string name)
    {
        var body = name.StartsWith(':') ? name.AsSpan(1) : name.AsSpan();
        if (body.IsEmpty)
        {
            return false;
        }

        foreach (var c in body)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidValue(string value) => !value.AsSpan().ContainsAny('\0', '\r', '\n');
}
