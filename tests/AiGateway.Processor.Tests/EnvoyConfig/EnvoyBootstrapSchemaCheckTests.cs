using AiGateway.Processor.EnvoyConfig;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.EnvoyConfig;

public sealed class EnvoyBootstrapSchemaCheckTests
{
    public static TheoryData<string> ShippedConfigs() => new(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "envoy"), "*.yaml").Select(Path.GetFileName)!);

    public static TheoryData<string> BadExamples() => new(Directory.GetFiles(SchemaExamples, "*.yaml").Select(Path.GetFileName)!);

    private static string SchemaExamples => Path.Combine(RepositoryPaths.Root, "tests", "AiGateway.Processor.Tests", "EnvoyConfig", "Schema");

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void Check_ShippedConfig_ParsesAsBootstrapWithoutProblems(string file)
    {
        var result = EnvoyBootstrapSchemaCheck.Check(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "envoy", file)));

        Assert.Empty(result.Problems.Select(p => p.Format(file)));
        Assert.NotNull(result.Bootstrap);
        Assert.NotEmpty(result.Bootstrap.StaticResources.Clusters);
    }

    /// <summary>Each file names the problem it must produce in its first line: <c># expect: &lt;path&gt; | &lt;message part&gt;</c>.</summary>
    [Theory]
    [MemberData(nameof(BadExamples))]
    public void Check_BadExample_ReportsTheOffendingFieldPath(string file)
    {
        var yaml = File.ReadAllText(Path.Combine(SchemaExamples, file));
        var expectation = yaml.Split('\n')[0];
        Assert.StartsWith("# expect: ", expectation);
        var parts = expectation["# expect: ".Length..].Split(" | ");
        var (path, message) = (parts[0].Trim(), parts[1].Trim());

        var result = EnvoyBootstrapSchemaCheck.Check(yaml);

        Assert.Null(result.Bootstrap);
        Assert.Contains(result.Problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal) && p.Line > 0);
    }

    [Fact]
    public void Check_SeveralProblems_ReportsEachWithItsLine()
    {
        const string yaml = """
            admin:
              address:
                socket_address: {address: 127.0.0.1, port_value: -1}
            static_resources:
              clusters:
              - name: a
                conect_timeout: 1s
            """;

        var problems = EnvoyBootstrapSchemaCheck.Check(yaml).Problems;

        Assert.Equal(
            [
                new EnvoyConfigProblem("admin.address.socket_address.port_value", "-1 is out of range for a uint32", 3),
                new EnvoyConfigProblem("static_resources.clusters[0].conect_timeout", "unknown field 'conect_timeout' in envoy.config.cluster.v3.Cluster (did you mean 'connect_timeout'?)", 7),
            ],
            problems);
    }

    [Theory]
    [InlineData("enabled: yes", true)]
    [InlineData("enabled: \"true\"", false)]
    [InlineData("value: 1", false)]
    [InlineData("value: '1'", true)]
    [InlineData("value: 1.5", true)]
    public void Check_ScalarTypedLikeEnvoysYamlLoader(string line, bool accepted)
    {
        // runtime_feature is a string and enabled a bool inside RuntimeFeatureFlag; value a string in a header.
        var yaml = line.StartsWith("enabled", StringComparison.Ordinal)
            ? $"overload_manager: {{refresh_interval: 1s}}\nlayered_runtime: {{layers: [{{name: a, static_layer: {{x: 1}}}}]}}\nadmin: {{ignore_global_conn_limit: {line[(line.IndexOf(':') + 2)..]}}}\n"
            : $"cluster_manager: {{}}\nstats_config: {{stats_tags: [{{tag_name: t, fixed_value: {line[(line.IndexOf(':') + 2)..]}}}]}}\n";

        var result = EnvoyBootstrapSchemaCheck.Check(yaml);

        Assert.Equal(accepted, result.Problems.Count == 0);
        Assert.Equal(accepted, result.Bootstrap is not null);
    }
}
