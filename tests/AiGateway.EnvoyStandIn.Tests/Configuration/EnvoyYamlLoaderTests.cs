using AiGateway.EnvoyStandIn.Configuration;
using AiGateway.EnvoyStandIn.Tests.Fakes;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;

namespace AiGateway.EnvoyStandIn.Tests.Configuration;

public sealed class EnvoyYamlLoaderTests
{
    private static readonly string LocalYaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "envoy.local.yaml"));

    [Fact]
    public void Load_LocalYaml_ExtProcTypedConfigIsTheRealProto()
    {
        var config = EnvoyYamlLoader.Load(LocalYaml);

        Assert.Equal(("0.0.0.0", 8787), (config.Listener.Address, config.Listener.Port));
        var router = config.Listener.ExtProc!;
        Assert.Equal("aigw_processor", router.GrpcCluster);
        Assert.Equal(TimeSpan.FromSeconds(10), router.MessageTimeout);
        Assert.True(router.Proto.AllowModeOverride);
        Assert.False(router.Proto.FailureModeAllow);
        Assert.Equal(BodySendMode.Buffered, router.Proto.ProcessingMode.RequestBodyMode);
        Assert.Equal(HeaderSendMode.Skip, router.Proto.ProcessingMode.ResponseTrailerMode);
        Assert.Equal(["aigw"], router.Proto.MetadataOptions.ReceivingNamespaces.Untyped);
        Assert.Equal(["envoy.filters.http.jwt_authn"], router.Proto.MetadataOptions.ForwardingNamespaces.Untyped);
        Assert.Equal("x-aigw-.*", router.Proto.MutationRules.AllowExpression.Regex);
    }

    [Fact]
    public void Load_LocalYaml_ModelClustersHaveOnePriorityPerBackend()
    {
        var config = EnvoyYamlLoader.Load(LocalYaml);

        var claude = config.Clusters["route_claude-sonnet"];
        Assert.Equal(
            [(0, "bedrock-claude-sonnet"), (1, "anthropic-claude-sonnet")],
            claude.Endpoints.Select(e => (e.Priority, e.Metadata.FilterMetadata["aigw"].Fields["backend"].StringValue)).ToList());
        Assert.False(claude.Http2);
        Assert.NotNull(claude.Tls);
        Assert.Equal(["xds.upstream_host_metadata.filter_metadata['aigw']['backend']"], claude.UpstreamExtProc!.Proto.RequestAttributes);
        Assert.True(claude.UpstreamExtProc.Proto.MutationRules.AllowAllRouting);
        Assert.Equal("%DYNAMIC_METADATA(aigw:content_length)%", Assert.Single(claude.UpstreamRequestMutations).Append.Header.Value);
        Assert.True(config.Clusters["aigw_processor"].Http2);

        var routes = config.Listener.VirtualHosts.Single().Routes;
        var claudeRoute = routes.Single(r => r.Name == "claude-sonnet");
        Assert.Equal(1, claudeRoute.Action!.RetryPolicy!.NumRetries);
        Assert.True(claudeRoute.Action.RetryPolicy.PreviousPriorities);
        Assert.Contains(429, claudeRoute.Action.RetryPolicy.RetriableStatusCodes);
        Assert.Equal(TimeSpan.Zero, claudeRoute.Action.Timeout);
        Assert.Equal(0, routes.Single(r => r.Name == "gpt-4o-mini").Action!.RetryPolicy!.NumRetries);
        Assert.Equal(404, routes[^1].DirectResponse!.Status);
    }

    [Theory]
    [InlineData("static_resources:", "static_resources:\n  admin_typo: 1", "static_resources.admin_typo")]
    [InlineData("stat_prefix: test", "stat_prefix: test\n          use_remote_address: true", "use_remote_address")]
    [InlineData("message_timeout: 5s", "message_timeout: 5s\n              allow_content_length_header: true", "http_filters[0].typed_config")]
    [InlineData("message_timeout: 5s", "message_timeout: 5s\n              observability_mode: true", "observability_mode")]
    [InlineData("retry_on: 5xx,reset", "retry_on: refused-stream,reset", "retry_policy.retry_on")]
    [InlineData("update_frequency: 1", "update_frequency: 2", "update_frequency")]
    [InlineData("match: {path: /direct}", "match: {safe_regex: {regex: x}}", "routes[1].match")]
    [InlineData("connect_timeout: 1s\n    load_assignment:\n      cluster_name: dead", "connect_timeout: 1s\n    lb_policy: RANDOM\n    load_assignment:\n      cluster_name: dead", "lb_policy")]
    public void Load_NotEmulated_FailsNamingTheYamlPath(string find, string replace, string expectedPath)
    {
        var yaml = TestYaml.Build().Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(TestYaml.Build(), yaml);

        var error = Assert.Throws<EnvoyConfigException>(() => EnvoyYamlLoader.Load(yaml));

        Assert.Contains(expectedPath, error.YamlPath, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UpstreamExtProcWithResponseProcessing_IsRejected()
    {
        var yaml = TestYaml.Build(upstreamExtProc: TestYaml.DefaultUpstreamExtProc.Replace("response_header_mode: SKIP", "response_header_mode: SEND", StringComparison.Ordinal));

        var error = Assert.Throws<EnvoyConfigException>(() => EnvoyYamlLoader.Load(yaml));

        Assert.EndsWith("http_filters[0].typed_config.processing_mode", error.YamlPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_LocalYamlOnEphemeralPort_ReportsBoundPort()
    {
        await using var standIn = await EnvoyStandIn.StartAsync(new StandInOptions
        {
            ConfigPath = Path.Combine(AppContext.BaseDirectory, "envoy.local.yaml"),
            ListenAddress = System.Net.IPAddress.Loopback,
            ListenPort = 0,
            ProcessorAddress = new Uri("http://127.0.0.1:1"),
        }).WaitAsync(TestTimeouts.Default);

        Assert.Equal("127.0.0.1", standIn.BaseAddress.Host);
        Assert.NotEqual(0, standIn.BaseAddress.Port);
        Assert.NotEqual(8787, standIn.BaseAddress.Port);
    }
}
