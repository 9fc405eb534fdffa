using AiGateway.EnvoyStandIn.ExtProc;
using Envoy.Config.Common.MutationRules.V3;
using Envoy.Type.Matcher.V3;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>The checker's order (ext-proc-protocol.md §2.3 steps 1–8).</summary>
public sealed class MutationRuleCheckerTests
{
    private static HeaderMutationRules Rules(string? allow = null, string? disallow = null, bool routing = false, bool envoy = false, bool system = false, bool all = false, bool isError = false)
    {
        var rules = new HeaderMutationRules { AllowAllRouting = routing, AllowEnvoy = envoy, DisallowSystem = system, DisallowAll = all, DisallowIsError = isError };
        if (allow is not null)
        {
            rules.AllowExpression = new RegexMatcher { Regex = allow };
        }

        if (disallow is not null)
        {
            rules.DisallowExpression = new RegexMatcher { Regex = disallow };
        }

        return rules;
    }

    [Theory]
    [InlineData("x-a", "v", false, null, "Allowed")]
    [InlineData(":authority", "h.example", false, null, "Ignored")]
    [InlineData(":authority", "h.example", false, "routing", "Allowed")]
    [InlineData("host", "h.example", false, null, "Ignored")]
    [InlineData(":scheme", "https", false, null, "Ignored")]
    [InlineData(":scheme", "ftp", false, "routing", "Ignored")]
    [InlineData(":method", "PUT", false, null, "Ignored")]
    [InlineData(":path", "/x", false, null, "Allowed")]
    [InlineData(":path", "/x", true, null, "Ignored")]
    [InlineData(":path", "/x", false, "system", "Ignored")]
    [InlineData(":status", "199", false, null, "Ignored")]
    [InlineData(":status", "201", false, null, "Allowed")]
    [InlineData("x-envoy-x", "v", false, null, "Ignored")]
    [InlineData("x-envoy-x", "v", false, "envoy", "Allowed")]
    [InlineData("x-envoy-x", "v", false, "is-error", "Error")]
    [InlineData("x-aigw-route", "v", false, "all", "Ignored")]
    [InlineData("x-aigw-route", "v", false, "all+allow-aigw", "Allowed")]
    [InlineData("x-aigw-route", "v", false, "allow-aigw+disallow-aigw", "Ignored")]
    [InlineData("x-envoy-x", "v", false, "allow-envoy-expression", "Allowed")]
    public void CheckSet_FollowsEnvoysOrder(string name, string value, bool append, string? setup, string expected)
    {
        var rules = setup switch
        {
            "routing" => Rules(routing: true),
            "system" => Rules(system: true),
            "envoy" => Rules(envoy: true),
            "is-error" => Rules(isError: true),
            "all" => Rules(all: true),
            "all+allow-aigw" => Rules(all: true, allow: "x-aigw-.*"),
            "allow-aigw+disallow-aigw" => Rules(allow: "x-aigw-.*", disallow: "x-aigw-route"),
            "allow-envoy-expression" => Rules(allow: "x-envoy-.*"),
            _ => null,
        };

        Assert.Equal(Enum.Parse<MutationVerdict>(expected), new MutationRuleChecker(rules).CheckSet(name, value, append, replaceMode: false));
    }

    [Fact]
    public void CheckSet_MethodAllowedInContinueAndReplace() =>
        Assert.Equal(MutationVerdict.Allowed, new MutationRuleChecker(null).CheckSet(":method", "POST", append: false, replaceMode: true));

    [Theory]
    [InlineData(":path")]
    [InlineData(":authority")]
    [InlineData("host")]
    public void CheckRemove_PseudoAndHost_AlwaysRefused(string name) =>
        Assert.Equal(MutationVerdict.Ignored, new MutationRuleChecker(Rules(routing: true, allow: ".*")).CheckRemove(name));
}
