using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>Applying header mutations (ext-proc-protocol.md §0.1, §0.2, §2.3, §3.5).</summary>
public sealed class MutationRulesTests
{
    // §0.1: only raw_value counts; a header set through `value` becomes the empty string.
    [Fact]
    public async Task SetHeader_ThroughValueOnly_BecomesEmpty()
    {
        var mutation = new HeaderMutation { SetHeaders = { new HeaderValueOption { Header = new HeaderValue { Key = "x-set", Value = "ignored" } } } };
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), StandInHarness.OnRequestHeaders(new CommonResponse { HeaderMutation = mutation }));

        using var response = await harness.PostRoutedAsync();

        Assert.Equal(string.Empty, Assert.Single(harness.Upstream0.Requests).Headers["x-set"]);
    }

    // §0.2, §3.5: `append` unset (or false) overwrites; true adds another value.
    [Theory]
    [InlineData(null, "new")]
    [InlineData(false, "new")]
    [InlineData(true, "old, new")]
    public async Task SetHeader_AppendFlag_DecidesOverwriteOrAdd(bool? append, string expected)
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), StandInHarness.OnRequestHeaders(new CommonResponse { HeaderMutation = Answers.Mutation(Answers.Set("x-tag", "new", append)) }));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent("{}") };
        request.Headers.Add("x-aigw-route", "model-a");
        request.Headers.Add("x-tag", "old");

        using var response = await harness.Client.SendAsync(request).WaitAsync(TestTimeouts.Default);

        Assert.Equal(expected, Assert.Single(harness.Upstream0.Requests).Headers["x-tag"]);
    }

    // §2.3 steps 5 and 7: routing headers and x-envoy-* are dropped silently under default rules; :path may be set.
    [Fact]
    public async Task RoutingAndEnvoyHeaders_DefaultRules_SilentlyDropped()
    {
        var mutation = Answers.Mutation(
            Answers.Set(":authority", "evil.example"), Answers.Set("host", "evil.example"), Answers.Set(":method", "DELETE"),
            Answers.Set(":scheme", "https"), Answers.Set("x-envoy-retry-on", "5xx"), Answers.Set(":path", "/rewritten"), Answers.Set("x-allowed", "yes"));
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), StandInHarness.OnRequestHeaders(new CommonResponse { HeaderMutation = mutation }));

        using var response = await harness.PostRoutedAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var upstream = Assert.Single(harness.Upstream0.Requests);
        Assert.Equal("POST", upstream.Method);
        Assert.Equal("/rewritten", upstream.Path);
        Assert.Equal(harness.StandIn.BaseAddress.Authority, upstream.Headers["host"]);
        Assert.False(upstream.Headers.ContainsKey("x-envoy-retry-on"));
        Assert.Equal("yes", upstream.Headers["x-allowed"]);
    }

    // §2.3: allow_all_routing and allow_envoy open those names.
    [Fact]
    public async Task RoutingAndEnvoyHeaders_Allowed_AreApplied()
    {
        var yaml = TestYaml.Build(TestYaml.DefaultRouterExtProc + "\nmutation_rules: {allow_all_routing: true, allow_envoy: true}");
        var mutation = Answers.Mutation(Answers.Set(":authority", "provider.example"), Answers.Set("x-envoy-flag", "1"));
        await using var harness = await StandInHarness.StartAsync(yaml, StandInHarness.OnRequestHeaders(new CommonResponse { HeaderMutation = mutation }));

        using var response = await harness.PostRoutedAsync();

        var upstream = Assert.Single(harness.Upstream0.Requests);
        Assert.Equal("provider.example", upstream.Headers["host"]);
        Assert.Equal("1", upstream.Headers["x-envoy-flag"]);
    }

    // §2.3 step 1: removing host or a pseudo-header is always refused; §3.5: removes run before sets.
    [Fact]
    public async Task Remove_PseudoAndHostRefused_RemoveBeforeSet()
    {
        var mutation = new HeaderMutation { RemoveHeaders = { ":path", "host", ":authority", "x-gone", "x-both" } };
        mutation.SetHeaders.Add(Answers.Set("x-both", "set"));
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), StandInHarness.OnRequestHeaders(new CommonResponse { HeaderMutation = mutation }));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent("{}") };
        request.Headers.Add("x-aigw-route", "model-a");
        request.Headers.Add("x-gone", "1");
        request.Headers.Add("x-both", "client");

        using var response = await harness.Client.SendAsync(request).WaitAsync(TestTimeouts.Default);

        var upstream = Assert.Single(harness.Upstream0.Requests);
        Assert.Equal("/v1/chat/completions", upstream.Path);
        Assert.Equal(harness.StandIn.BaseAddress.Authority, upstream.Headers["host"]);
        Assert.False(upstream.Headers.ContainsKey("x-gone"));
        Assert.Equal("set", upstream.Headers["x-both"]);
    }

    // §2.3 disallow_is_error and §3.5 invalid characters: local reply 500 even with failure_mode_allow (§3.13).
    [Theory]
    [InlineData("x-envoy-x", "v", "mutation_rules: {disallow_is_error: true}")]
    [InlineData("x-bad", "a\nb", "failure_mode_allow: true")]
    [InlineData("bad name", "v", "failure_mode_allow: true")]
    public async Task RejectedMutation_AsError_LocalReply500(string name, string value, string extraConfig)
    {
        var yaml = TestYaml.Build(TestYaml.DefaultRouterExtProc + "\n" + extraConfig);
        var mutation = new HeaderMutation { SetHeaders = { new HeaderValueOption { Header = new HeaderValue { Key = name, RawValue = ByteString.CopyFromUtf8(value) } } } };
        await using var harness = await StandInHarness.StartAsync(yaml, StandInHarness.OnRequestHeaders(new CommonResponse { HeaderMutation = mutation }));

        using var response = await harness.PostRoutedAsync();

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Empty(harness.Upstream0.Requests);
        Assert.StartsWith("header_mutation_set_", (await harness.NextLogAsync()).ResponseCodeDetails, StringComparison.Ordinal);
    }
}
