using System.Text;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.Configuration;

public sealed class GatewayConfigLoaderTests
{
    [Fact]
    public void LoadFile_ExampleConfig_Loads()
    {
        var snapshot = GatewayConfigLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "aigw.example.yaml"));

        Assert.Equal(ProviderKind.Bedrock, snapshot.Config.Providers["bedrock-us"].Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), snapshot.Config.Server.DrainTimeout);
        Assert.Equal("claude-sonnet", snapshot.ModelNames["claude-sonnet-4"]);
        Assert.StartsWith("sha256:", snapshot.Hash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server:\n  grpc_prot: 50051\n", 2, "unknown key 'grpc_prot'", "grpc_port")]
    [InlineData("server:\n  grpc_port: fifty\n", 2, "wrong type", "docs/configuration.md")]
    [InlineData("server:\n  drain_timeout: 30 seconds\n", 2, "is not a duration", "30s")]
    [InlineData("providers:\n  x:\n    kind: openia\n    api_key: { env: K }\n", 3, "'openia' is not one of", "azure-openai")]
    [InlineData("models:\n  m:\n    backends: [nope]\n", 3, "backend 'nope' is not defined", "Define it under 'backends:'")]
    [InlineData("providers:\n  p:\n    kind: openai\n    api_key: { env: A, file: /x }\n", 4, "exactly one of", "Secret values never go in this file")]
    [InlineData("backends:\n  b:\n    provider: ghost\n    model: m\n", 3, "provider 'ghost' is not defined", "providers:")]
    [InlineData("server:\n  grpc_port: 1\n  grpc_port: 2\n", 3, "Duplicate key", "grpc_port")]
    [InlineData("providers:\n  p:\n    kind: openai\n    api_key: { env: K }\nbackends:\n  b:\n    provider: p\n    model: m\n    api: converse\n", 9, "is not Bedrock", "Remove it")]
    [InlineData("providers:\n  p:\n    kind: bedrock\n    region: us-east-1\nbackends:\n  b:\n    provider: p\n    model: m\n    api: conversestream\n", 9, "'conversestream' is not one of", "converse, invoke")]
    [InlineData("providers:\n  p:\n    kind: openai\n    api_key: { env: K }\nbackends:\n  a:\n    provider: p\n    model: m\n  b:\n    provider: p\n    model: m\nmodels:\n  m:\n    backends: [a, b]\n    fast_path: true\n", 15, "needs exactly one backend; this model has 2", "Remove fast_path for failover models")]
    [InlineData("telemetry:\n  stage_duration_sampling: -1\n", 2, "must be 0 (never)", "one exchange in N")]
    public void Load_BadConfig_FailsWithFileLineAndHowToFix(string yaml, int line, string what, string hint)
    {
        var error = Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load(Encoding.UTF8.GetBytes(yaml), "test.yaml"));

        Assert.StartsWith($"test.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BedrockBackendApi_IsBound()
    {
        const string yaml = """
            providers: { p: { kind: bedrock, region: us-east-1 } }
            backends:
              forced: { provider: p, model: m, api: converse }
              default: { provider: p, model: m }
            """;

        var snapshot = GatewayConfigLoader.Load(Encoding.UTF8.GetBytes(yaml), "t.yaml");

        Assert.Equal(BedrockApi.Converse, snapshot.Config.Backends["forced"].Api);
        Assert.Null(snapshot.Config.Backends["default"].Api);
    }

    [Fact]
    public void Load_AliasClashesWithModelName_IsRejected()
    {
        const string yaml = """
            providers: { p: { kind: openai, api_key: { env: K } } }
            backends: { b: { provider: p, model: m } }
            models:
              a: { backends: [b] }
              c: { aliases: [a], backends: [b] }
            """;

        var error = Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load(Encoding.UTF8.GetBytes(yaml), "t.yaml"));

        Assert.Contains("already used by model 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SectionWithOnlyAComment_MeansDefaults()
    {
        var snapshot = GatewayConfigLoader.Load(Encoding.UTF8.GetBytes("recording:\n  # dir: ./recordings\nidentity:\nmodels:\n"), "c.yaml");

        Assert.Null(snapshot.Config.Recording.Dir);
        Assert.Null(snapshot.Config.Identity.AnonymousTeam);
        Assert.Empty(snapshot.Config.Models);
    }

    [Fact]
    public void Load_EmptyFile_IsRejected()
    {
        var error = Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load([], "empty.yaml"));

        Assert.StartsWith("empty.yaml:1:1: the config file is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OnlyServerSection_GivesDefaultsElsewhere()
    {
        var snapshot = GatewayConfigLoader.Load(Encoding.UTF8.GetBytes("server:\n  admin_port: 9000\n"), "s.yaml");

        Assert.Equal(50051, snapshot.Config.Server.GrpcPort);
        Assert.Equal(9000, snapshot.Config.Server.AdminPort);
        Assert.Empty(snapshot.Config.Models);
    }

    [Fact]
    public void TempConfigMinimal_IsValid() =>
        Assert.Equal(2, GatewayConfigLoader.Load(Encoding.UTF8.GetBytes(TempConfig.Minimal), "m.yaml").Config.Models.Count);
}
