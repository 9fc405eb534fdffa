using System.Text.RegularExpressions;

namespace AiGateway.Processor.Configuration;

/// <summary>Rules for the <c>guardrails:</c> section: each rule names one detector kind, regexes compile, references exist.</summary>
internal static class GuardrailsConfigValidator
{
    private static readonly System.Buffers.SearchValues<char> GuardrailIdChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    public static void Validate(GuardrailsConfig guardrails, Dictionary<string, TeamConfig> teams, Dictionary<string, string> publicNames, List<ConfigIssue> issues)
    {
        if (guardrails.Stream.WindowChars is < 64 or > 1024 * 1024)
        {
            issues.Add(new("guardrails.stream.window_chars", "must be between 64 and 1048576 characters."));
        }

        if (guardrails.Stream.OverlapChars < 0 || guardrails.Stream.OverlapChars >= guardrails.Stream.WindowChars)
        {
            issues.Add(new("guardrails.stream.overlap_chars", "must be at least 0 and smaller than window_chars."));
        }

        if (guardrails.Stream.BedrockWindowChars is < 64 or > 1024 * 1024)
        {
            issues.Add(new("guardrails.stream.bedrock_window_chars", "must be between 64 and 1048576 characters."));
        }

        if (string.IsNullOrWhiteSpace(guardrails.RefusalMessage))
        {
            issues.Add(new("guardrails.refusal_message", "must not be empty: it is what a client sees instead of a blocked answer."));
        }

        foreach (var (name, policy) in guardrails.Policies)
        {
            var path = $"guardrails.policies.{name}";
            for (var i = 0; i < policy.Teams.Count; i++)
            {
                if (!teams.ContainsKey(policy.Teams[i]))
                {
                    issues.Add(new($"{path}.teams[{i}]", $"team '{policy.Teams[i]}' is not defined under 'teams:'."));
                }
            }

            for (var i = 0; i < policy.ExcludeTeams.Count; i++)
            {
                if (!teams.ContainsKey(policy.ExcludeTeams[i]))
                {
                    issues.Add(new($"{path}.exclude_teams[{i}]", $"team '{policy.ExcludeTeams[i]}' is not defined under 'teams:'."));
                }
            }

            for (var i = 0; i < policy.Models.Count; i++)
            {
                if (!publicNames.ContainsKey(policy.Models[i]))
                {
                    issues.Add(new($"{path}.models[{i}]", $"model '{policy.Models[i]}' is not defined under 'models:'."));
                }
            }

            if (policy.Rules.Count == 0 && policy.Bedrock is null)
            {
                issues.Add(new(path, "a policy needs 'rules:' or 'bedrock:' (otherwise it checks nothing)."));
            }

            var ruleNames = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < policy.Rules.Count; i++)
            {
                ValidateRule(policy.Rules[i], $"{path}.rules[{i}]", ruleNames, issues);
            }

            if (policy.Bedrock is { } bedrock)
            {
                ValidateBedrock(bedrock, path + ".bedrock", issues);
            }
        }
    }

    private static void ValidateRule(GuardrailRuleConfig rule, string path, HashSet<string> names, List<ConfigIssue> issues)
    {
        var kinds = (rule.Detector is null ? 0 : 1) + (rule.Regex is null ? 0 : 1) + (rule.Deny is null ? 0 : 1);
        if (kinds != 1)
        {
            issues.Add(new(path, "set exactly one of 'detector', 'regex' or 'deny'."));
            return;
        }

        if (rule.Detector is null && string.IsNullOrWhiteSpace(rule.Name))
        {
            issues.Add(new(path, "a regex or deny rule needs a 'name' (it appears in errors and records)."));
        }

        var name = RuleName(rule);
        if (!names.Add(name))
        {
            issues.Add(new(path, $"the rule name '{name}' is used twice in this policy; give one a 'name'."));
        }

        if (rule.Directions.Count == 0)
        {
            issues.Add(new(path + ".directions", "list at least one of: request, response."));
        }

        if (rule.Regex is { } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                issues.Add(new(path + ".regex", $"is not a usable regex ({e.Message.TrimEnd('.')}). Rules run without backtracking: no lookarounds, backreferences or atomic groups."));
            }

            if (pattern.Length == 0)
            {
                issues.Add(new(path + ".regex", "must not be empty."));
            }
        }

        if (rule.Deny is { } deny && (deny.Count == 0 || deny.Any(string.IsNullOrWhiteSpace)))
        {
            issues.Add(new(path + ".deny", "list at least one word or phrase, none empty."));
        }
    }

    private static void ValidateBedrock(BedrockGuardrailConfig bedrock, string path, List<ConfigIssue> issues)
    {
        var id = bedrock.GuardrailId;
        if (string.IsNullOrWhiteSpace(id) || (!id.StartsWith("arn:", StringComparison.Ordinal) && id.AsSpan().IndexOfAnyExcept(GuardrailIdChars) >= 0))
        {
            issues.Add(new(path + ".guardrail_id", "must be a guardrail id (lower-case letters and digits) or its ARN."));
        }

        if (bedrock.Version != "DRAFT" && !(int.TryParse(bedrock.Version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 99999999))
        {
            issues.Add(new(path + ".version", "must be DRAFT or a version number (1-99999999)."));
        }

        if (string.IsNullOrWhiteSpace(bedrock.Region))
        {
            issues.Add(new(path + ".region", "the AWS region of the guardrail is required (e.g. us-east-1)."));
        }

        if (bedrock.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("https" or "http")))
        {
            issues.Add(new(path + ".endpoint", "must be an absolute http(s) URL."));
        }

        if (bedrock.Timeout <= TimeSpan.Zero || bedrock.Timeout > TimeSpan.FromSeconds(30))
        {
            issues.Add(new(path + ".timeout", "must be between 1ms and 30s (and below Envoy's ext_proc message_timeout)."));
        }

        if (bedrock.Directions.Count == 0)
        {
            issues.Add(new(path + ".directions", "list at least one of: request, response."));
        }
    }

    /// <summary>The name a rule is recorded under: its <c>name</c>, or the detector's config name.</summary>
    public static string RuleName(GuardrailRuleConfig rule) =>
        rule.Name ?? (rule.Detector is { } detector ? KebabCaseEnumYamlConverter.ToKebabCase(detector.ToString()) : "rule");
}
