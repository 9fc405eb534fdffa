using System.Runtime.InteropServices;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Guardrails;

namespace AiGateway.Processor.Tests.Guardrails;

public sealed class RequestMaskPlanTests
{
    private static readonly GuardrailPolicy Pii = Policy("pii", new GuardrailRuleConfig { Detector = GuardrailDetector.Email, Action = GuardrailAction.Mask });

    private static readonly GuardrailPolicy Network = Policy(
        "network",
        new GuardrailRuleConfig { Detector = GuardrailDetector.Ipv4, Action = GuardrailAction.Mask },
        new GuardrailRuleConfig { Detector = GuardrailDetector.UsSsn, Action = GuardrailAction.Detect });

    [Fact]
    public void Apply_TwoPoliciesMaskOneText_BothMasksFromTheFirstScan()
    {
        const string text = "mail ops@corp.example from 10.0.0.1, SSN 123-45-6789";
        var plan = Plan([Pii, Network], text);

        Assert.True(plan.HasMasks);
        Assert.Equal("mail [EMAIL] from [IP_ADDRESS], SSN 123-45-6789", plan.Apply(text));
    }

    [Fact]
    public void Apply_ScannedTextWithoutMatches_IsTheSameString()
    {
        const string text = "nothing to hide";
        var plan = Plan([Pii, Network], text);

        Assert.False(plan.HasMasks);
        Assert.Same(text, plan.Apply(text));
    }

    [Fact]
    public void Apply_TextTheScanNeverSaw_IsScannedRatherThanPassedThrough()
    {
        var plan = Plan([Pii, Network], "scanned a@b.io");

        Assert.Equal("other [EMAIL] at [IP_ADDRESS]", plan.Apply("other c@d.io at 192.168.1.1"));
    }

    [Fact]
    public void Apply_OverlappingMasksOfTwoPolicies_EarliestWinsAndCoversBoth()
    {
        var ports = Policy("ports", new GuardrailRuleConfig { Name = "port", Regex = @"\d+:\d+", Action = GuardrailAction.Mask });
        const string text = "host 10.0.0.2:8080 up";
        var plan = Plan([ports, Network], text);

        Assert.Equal("host [IP_ADDRESS] up", plan.Apply(text));
    }

    private static RequestMaskPlan Plan(GuardrailPolicy[] policies, string text)
    {
        var plan = new RequestMaskPlan(policies);
        var matches = new List<GuardrailMatch>();
        foreach (var policy in policies)
        {
            matches.Clear();
            policy.Scanner.Scan(text, GuardrailDirection.Request, matches);
            plan.Add(text, CollectionsMarshal.AsSpan(matches), policy.Scanner.Rules);
        }

        return plan;
    }

    private static GuardrailPolicy Policy(string name, params GuardrailRuleConfig[] rules) =>
        new(name, new GuardrailPolicyConfig { Rules = [.. rules] }, new Dictionary<string, string>());
}
