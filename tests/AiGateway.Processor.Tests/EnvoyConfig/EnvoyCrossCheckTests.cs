using AiGateway.Processor.Configuration;
using AiGateway.Processor.EnvoyConfig;
using AiGateway.Processor.EnvoyConfig.CrossChecks;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.EnvoyConfig;

/// <summary>
/// Each file in CrossChecks/ is good.envoy.yaml with one mistake, checked against CrossChecks/processor.yaml; its
/// first line names the problem it must produce: <c># expect: &lt;path&gt; | &lt;message part&gt;</c>.
/// </summary>
public sealed class EnvoyCrossCheckTests
{
    private static readonly string Examples = Path.Combine(RepositoryPaths.Root, "tests", "AiGateway.Processor.Tests", "EnvoyConfig", "CrossChecks");

    public static TheoryData<string> BadExamples() =>
        new(Directory.GetFiles(Examples, "*.envoy.yaml").Select(Path.GetFileName).Where(f => f != "good.envoy.yaml")!);

    [Fact]
    public void Check_GoodExample_HasNoProblems()
    {
        Assert.Empty(CrossCheck("good.envoy.yaml").Select(p => p.Format("good.envoy.yaml")));
    }

    [Theory]
    [MemberData(nameof(BadExamples))]
    public void Check_BadExample_ReportsItsProblem(string file)
    {
        var expectation = File.ReadLines(Path.Combine(Examples, file)).First();
        Assert.StartsWith("# expect: ", expectation);
        var parts = expectation["# expect: ".Length..].Split(" | ");

        var problems = CrossCheck(file);

        Assert.True(
            problems.Any(p => p.Path == parts[0] && p.Message.Contains(parts[1], StringComparison.Ordinal)),
            $"expected '{parts[0]}: {parts[1]}', got:\n{string.Join('\n', problems.Select(p => $"{p.Path}: {p.Message}"))}");
    }

    [Fact]
    public void Check_GuardrailTimeoutFromConfig_IsWhatMessageTimeoutIsComparedWith()
    {
        var schema = EnvoyBootstrapSchemaCheck.Check(File.ReadAllText(Path.Combine(Examples, "good.envoy.yaml")));
        var expectations = EnvoyCheckExpectations.From(ProcessorConfig()) with { GuardrailTimeout = TimeSpan.FromSeconds(15) };

        var problems = EnvoyCrossCheck.Check(schema.Bootstrap!, expectations);

        var problem = Assert.Single(problems);
        Assert.EndsWith(".http_filters[0].typed_config.message_timeout", problem.Path, StringComparison.Ordinal);
        Assert.Contains("10s does not exceed the guardrail timeout (15s)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expectations_BedrockGuardrailTimeouts_AddUpAcrossPolicies()
    {
        var config = ProcessorConfig() with
        {
            Guardrails = new GuardrailsConfig
            {
                Policies = new()
                {
                    ["a"] = new GuardrailPolicyConfig { Bedrock = new BedrockGuardrailConfig { GuardrailId = "g1", Region = "us-east-1", Timeout = TimeSpan.FromSeconds(6) } },
                    ["b"] = new GuardrailPolicyConfig { Bedrock = new BedrockGuardrailConfig { GuardrailId = "g2", Region = "us-east-1", Timeout = TimeSpan.FromSeconds(5) } },
                    ["c"] = new GuardrailPolicyConfig(),
                },
            },
        };

        Assert.Equal(TimeSpan.FromSeconds(11), EnvoyCheckExpectations.From(config).GuardrailTimeout);
        Assert.Equal(EnvoyCheckExpectations.DefaultGuardrailTimeout, EnvoyCheckExpectations.From(ProcessorConfig()).GuardrailTimeout);
    }

    [Fact]
    public void Check_BackendNoModelUses_MustStillHaveAnEndpointSomewhere()
    {
        var schema = EnvoyBootstrapSchemaCheck.Check(File.ReadAllText(Path.Combine(Examples, "good.envoy.yaml")));
        var expectations = EnvoyCheckExpectations.From(ProcessorConfig());
        expectations = expectations with { Backends = [.. expectations.Backends, "azure-spare"] };

        var problem = Assert.Single(EnvoyCrossCheck.Check(schema.Bootstrap!, expectations));

        Assert.Equal(new EnvoyConfigProblem("static_resources.clusters", "backend 'azure-spare' has no endpoint with metadata aigw.backend: azure-spare in any cluster"), problem);
    }

    [Fact]
    public void Check_SingleBackendClusterWithoutUpstreamExtProc_ModelNotFastPath_IsReported()
    {
        var schema = EnvoyBootstrapSchemaCheck.Check(File.ReadAllText(Path.Combine(Examples, "good.envoy.yaml")));
        var expectations = EnvoyCheckExpectations.From(ProcessorConfig()) with { FastPathHosts = new Dictionary<string, string?>() };

        var problem = Assert.Single(EnvoyCrossCheck.Check(schema.Bootstrap!, expectations));

        Assert.Equal("static_resources.clusters[1].typed_extension_protocol_options[envoy.extensions.upstreams.http.v3.HttpProtocolOptions].http_filters", problem.Path);
        Assert.Contains("cluster route_mini of model 'mini' has no upstream ext_proc filter, but the model is not fast_path", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expectations_FastPathModel_HostIsTheBackendsAuthority()
    {
        var expectations = EnvoyCheckExpectations.From(ProcessorConfig());

        Assert.Equal(new Dictionary<string, string?> { ["mini"] = "api.openai.com" }, expectations.FastPathHosts);
    }

    private static IReadOnlyList<EnvoyConfigProblem> CrossCheck(string file)
    {
        var schema = EnvoyBootstrapSchemaCheck.Check(File.ReadAllText(Path.Combine(Examples, file)));
        Assert.Empty(schema.Problems.Select(p => p.Format(file)));
        return EnvoyCrossCheck.Check(schema.Bootstrap!, EnvoyCheckExpectations.From(ProcessorConfig()));
    }

    private static GatewayConfig ProcessorConfig() => GatewayConfigLoader.LoadFile(Path.Combine(Examples, "processor.yaml")).Config;
}
