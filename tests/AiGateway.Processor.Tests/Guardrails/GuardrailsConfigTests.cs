using System.Text;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Guardrails;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.Guardrails;

public sealed class GuardrailsConfigTests
{
    [Theory]
    [InlineData("aigw.example.yaml")]
    [InlineData("aigw.local.yaml")]
    public void ShippedConfigs_BlockCredentialsInPrompts_AndDetectPii(string file)
    {
        var snapshot = GatewayConfigLoader.LoadFile(Path.Combine(RepositoryPaths.Root, "processor", file));
        var policies = GuardrailPolicies.For(snapshot).Select("any-team", null, null, GuardrailDirection.Request);
        var matches = new List<GuardrailMatch>();
        var credentials = policies.Single(p => p.Name == "credentials");

        credentials.Scanner.Scan("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", GuardrailDirection.Request, matches);

        Assert.Equal(GuardrailAction.Block, credentials.Scanner.Rules[Assert.Single(matches).Rule].Action);
        Assert.All(policies.Single(p => p.Name == "pii").Scanner.Rules, r => Assert.Equal(GuardrailAction.Detect, r.Action));
        Assert.Empty(GuardrailPolicies.For(snapshot).Select("any-team", null, null, GuardrailDirection.Response));
    }

    [Theory]
    [InlineData("    p:\n      rules:\n        - { detector: email, regex: 'x', action: mask }\n", 10, "exactly one of 'detector', 'regex' or 'deny'")]
    [InlineData("    p:\n      rules:\n        - { name: r, regex: '(?<=a)b', action: block }\n", 10, "no lookarounds")]
    [InlineData("    p:\n      rules:\n        - { detector: emial, action: mask }\n", 10, "'emial' is not one of")]
    [InlineData("    p:\n      teams: [ghost]\n      rules: [{ detector: email }]\n", 9, "team 'ghost' is not defined")]
    [InlineData("    p:\n      bedrock: { guardrail_id: 'Bad Id', region: us-east-1 }\n", 9, "guardrail_id")]
    [InlineData("    p: {}\n", 8, "needs 'rules:' or 'bedrock:'")]
    public void Load_BadGuardrails_FailsWithFileLine(string policy, int line, string what)
    {
        var yaml = "identity: { anonymous_team: dev }\nteams: { dev: {} }\nproviders: { p: { kind: openai, api_key: { env: K } } }\nbackends: { b: { provider: p, model: m } }\nmodels: { m: { backends: [b] } }\nguardrails:\n  policies:\n" + policy;

        var error = Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load(Encoding.UTF8.GetBytes(yaml), "g.yaml"));

        Assert.StartsWith($"g.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, false)]
    [InlineData(2000000, false)]
    [InlineData(4096, true)]
    public void Load_BedrockWindowChars_IsBounded_AndReachesThePolicies(int chars, bool valid)
    {
        var yaml = $"guardrails:\n  stream: {{ bedrock_window_chars: {chars} }}\n  policies:\n    p:\n      rules: [{{ detector: email }}]\n";

        if (valid)
        {
            Assert.Equal(chars, GuardrailPolicies.For(GatewayConfigLoader.Load(Encoding.UTF8.GetBytes(yaml), "g.yaml")).BedrockWindowChars);
        }
        else
        {
            var error = Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load(Encoding.UTF8.GetBytes(yaml), "g.yaml"));
            Assert.Contains("bedrock_window_chars", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Policy_ExcludedTeam_IsNotSelected()
    {
        const string yaml = "teams: { dev: {}, research: {} }\nguardrails:\n  policies:\n    p:\n      exclude_teams: [research]\n      rules: [{ detector: email, action: block }]\n";
        var snapshot = GatewayConfigLoader.Load(Encoding.UTF8.GetBytes(yaml), "g.yaml");

        Assert.Single(GuardrailPolicies.For(snapshot).Select("dev", null, null, GuardrailDirection.Request));
        Assert.Empty(GuardrailPolicies.For(snapshot).Select("research", null, null, GuardrailDirection.Request));
    }
}
