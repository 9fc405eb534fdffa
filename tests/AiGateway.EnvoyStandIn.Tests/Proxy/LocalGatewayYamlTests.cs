using System.Text;
using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

/// <summary>envoy/envoy.local.yaml as the local gateway runs it: processor and providers overridden at start.</summary>
public sealed class LocalGatewayYamlTests
{
    private const string BackendAttribute = "xds.upstream_host_metadata.filter_metadata['aigw']['backend']";

    [Fact]
    public async Task ClaudeSonnet_429OnBedrock_FailsOverToAnthropic_EachAttemptTranslated()
    {
        await using var processor = await FakeProcessor.StartAsync();
        await using var providers = await FakeUpstream.StartAsync();
        processor.Script = s => s.AnswerAllAsync(r =>
        {
            if (!s.IsUpstream)
            {
                return r.RequestCase == ProcessingRequest.RequestOneofCase.RequestBody
                    ? Answers.With(r, new CommonResponse { HeaderMutation = Answers.Mutation(Answers.Set("x-aigw-route", "claude-sonnet"), Answers.Set("x-aigw-request-id", "r1")), ClearRouteCache = true })
                    : Answers.Continue(r);
            }

            var backend = r.Attributes["envoy.filters.http.ext_proc"].Fields[BackendAttribute].StringValue;
            var body = $"{{\"backend\":\"{backend}\"}}";
            var answer = Answers.With(r, new CommonResponse
            {
                Status = CommonResponse.Types.ResponseStatus.ContinueAndReplace,
                HeaderMutation = Answers.Mutation(Answers.Set(":path", "/" + backend)),
                BodyMutation = new BodyMutation { Body = ByteString.CopyFromUtf8(body) },
            });
            answer.DynamicMetadata = new Struct { Fields = { ["aigw"] = Value.ForStruct(new Struct { Fields = { ["content_length"] = Value.ForNumber(body.Length) } }) } };
            return answer;
        });
        providers.Respond = (http, request) =>
        {
            http.Response.StatusCode = request.Path == "/bedrock-claude-sonnet" ? 429 : 200;
            return http.Response.WriteAsync("{}");
        };
        await using var standIn = await EnvoyStandIn.StartAsync(new StandInOptions
        {
            ConfigPath = Path.Combine(AppContext.BaseDirectory, "envoy.local.yaml"),
            ListenAddress = System.Net.IPAddress.Loopback,
            ListenPort = 0,
            ProcessorAddress = processor.Address,
            UpstreamOverride = providers.Address,
        }).WaitAsync(TestTimeouts.Default);
        using var client = new HttpClient { BaseAddress = standIn.BaseAddress };

        using var response = await client.PostAsync("/v1/messages", new StringContent("{\"model\":\"claude-sonnet\"}")).WaitAsync(TestTimeouts.Default);
        var log = await standIn.RequestLogs.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("claude-sonnet", log.RouteName);
        Assert.Equal(["bedrock-claude-sonnet", "anthropic-claude-sonnet"], log.Attempts.Select(a => a.EndpointMetadata.FilterMetadata["aigw"].Fields["backend"].StringValue));
        Assert.Equal(["bedrock-runtime.us-east-1.amazonaws.com:443", "api.anthropic.com:443"], log.Attempts.Select(a => a.Endpoint));
        var received = providers.Requests.ToArray();
        Assert.Equal(["/bedrock-claude-sonnet", "/anthropic-claude-sonnet"], received.Select(r => r.Path));
        Assert.All(received, r => Assert.Equal(Encoding.UTF8.GetByteCount($"{{\"backend\":\"{r.Path[1..]}\"}}").ToString(System.Globalization.CultureInfo.InvariantCulture), r.Headers["content-length"]));
        Assert.All(received, r => Assert.Equal("r1", r.Headers["x-aigw-request-id"]));
    }
    // adr/016: a single-backend model's cluster has no upstream ext_proc; its route rewrites the host to the
    // provider's, and the cluster's header_mutation keeps the internal routing headers from the provider.
    [Theory]
    [InlineData("gpt-4o-mini", "api.openai.com")]
    [InlineData("claude-haiku", "api.anthropic.com")]
    [InlineData("claude-sonnet-converse", "bedrock-runtime.us-east-1.amazonaws.com")]
    public async Task FastPathModel_NoUpstreamStream_HostRewritten_InternalHeadersRemoved(string model, string host)
    {
        await using var processor = await FakeProcessor.StartAsync();
        await using var providers = await FakeUpstream.StartAsync();
        processor.Script = s => s.AnswerAllAsync(r => r.RequestCase == ProcessingRequest.RequestOneofCase.RequestBody
            ? Answers.With(r, new CommonResponse
            {
                HeaderMutation = Answers.Mutation(Answers.Set("x-aigw-route", model), Answers.Set("x-aigw-request-id", "r1"), Answers.Set(":path", "/translated"), Answers.Set("content-length", "2")),
                BodyMutation = new BodyMutation { Body = ByteString.CopyFromUtf8("{}") },
                ClearRouteCache = true,
            })
            : Answers.Continue(r));
        await using var standIn = await EnvoyStandIn.StartAsync(new StandInOptions
        {
            ConfigPath = Path.Combine(AppContext.BaseDirectory, "envoy.local.yaml"),
            ListenAddress = System.Net.IPAddress.Loopback,
            ListenPort = 0,
            ProcessorAddress = processor.Address,
            UpstreamOverride = providers.Address,
        }).WaitAsync(TestTimeouts.Default);
        using var client = new HttpClient { BaseAddress = standIn.BaseAddress };

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent("{\"model\":\"" + model + "\"}")).WaitAsync(TestTimeouts.Default);
        var log = await standIn.RequestLogs.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(model, log.RouteName);
        Assert.Empty(processor.UpstreamStreams);
        var received = Assert.Single(providers.Requests);
        Assert.Equal("/translated", received.Path);
        Assert.Equal(host, received.Headers["host"]);
        Assert.Equal("2", received.Headers["content-length"]);
        Assert.False(received.Headers.ContainsKey("x-aigw-route"));
        Assert.False(received.Headers.ContainsKey("x-aigw-request-id"));
    }
}
