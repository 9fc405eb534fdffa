using AiGateway.Processor.Cli;
using AiGateway.Processor.EnvoyConfig;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.EnvoyConfig;

/// <summary><c>aigw check</c> end to end: the shipped config pairs pass, problems are exit 1, usage errors exit 2.</summary>
public sealed class EnvoyConfigCheckTests
{
    [Theory]
    [InlineData("processor/aigw.example.yaml", "envoy/envoy.yaml")]
    [InlineData("processor/aigw.local.yaml", "envoy/envoy.local.yaml")]
    public void Run_ShippedConfigPair_Agrees(string config, string envoy)
    {
        var (code, output, error) = Run(Path.Combine(RepositoryPaths.Root, envoy), Path.Combine(RepositoryPaths.Root, config));

        Assert.Equal("", output);
        Assert.Equal(EnvoyConfigCheck.Ok, code);
        Assert.Contains("agrees with", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CrossCheckProblem_PrintsFileLinePathAndExitsOne()
    {
        var examples = Path.Combine(RepositoryPaths.Root, "tests", "AiGateway.Processor.Tests", "EnvoyConfig", "CrossChecks");
        var envoy = Path.Combine(examples, "message-timeout-default.envoy.yaml");

        var (code, output, _) = Run(envoy, Path.Combine(examples, "processor.yaml"));

        Assert.Equal(EnvoyConfigCheck.Problems, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{envoy}:", line, StringComparison.Ordinal);
        Assert.Matches(@"^.*\.yaml:\d+: static_resources\.listeners\[0\]\.filter_chains\[0\]\.filters\[0\]\.typed_config\.http_filters\[0\]\.typed_config(\.message_timeout)?: 0\.2s does not exceed", line);
    }

    [Fact]
    public void Run_SchemaProblem_ExitsOneWithoutCrossChecking()
    {
        var envoy = Path.Combine(RepositoryPaths.Root, "tests", "AiGateway.Processor.Tests", "EnvoyConfig", "Schema", "misspelt-field.yaml");

        var (code, output, _) = Run(envoy, Path.Combine(RepositoryPaths.Root, "processor", "aigw.local.yaml"));

        Assert.Equal(EnvoyConfigCheck.Problems, code);
        Assert.Equal($"{envoy}:6: static_resources.clusters[0].connect_timout: unknown field 'connect_timout' in envoy.config.cluster.v3.Cluster (did you mean 'connect_timeout'?)", output.Trim());
    }

    [Fact]
    public void Run_MissingEnvoyFile_IsAUsageError()
    {
        var (code, output, error) = Run("/nonexistent/envoy.yaml", null);

        Assert.Equal(EnvoyConfigCheck.UsageError, code);
        Assert.Equal("", output);
        Assert.Contains("cannot read --envoy", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "--envoy", "envoy/envoy.yaml", "extra")]
    public void CommandLine_BadArguments_ExitTwo(params string[] args)
    {
        Assert.Equal(EnvoyConfigCheck.UsageError, AigwCommandLine.Build().Parse(args).Invoke());
    }

    private static (int Code, string Output, string Error) Run(string envoy, string? config)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = EnvoyConfigCheck.Run(envoy, config, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
