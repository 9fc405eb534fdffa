using AiGateway.EnvoyStandIn.ExtProc;
using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf.WellKnownTypes;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>What Envoy puts in each ProcessingRequest (ext-proc-protocol.md §1.2, §4, §7 item 1–2).</summary>
public sealed class MessagesEnvoySendsTests
{
    [Fact]
    public async Task RequestHeaders_PseudoHeadersFirst_LowerCaseKeys_RawValueOnly()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions?x=1") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("X-Custom-Header", "Mixed Value");

        using var response = await harness.Client.SendAsync(request).WaitAsync(TestTimeouts.Default);

        var headers = harness.Processor.RouterStreams.Single().Received[0].RequestHeaders.Headers.Headers;
        Assert.Equal([":authority", ":path", ":method", ":scheme"], headers.Take(4).Select(h => h.Key));
        Assert.DoesNotContain(headers.Skip(4), h => h.Key.StartsWith(':'));
        Assert.All(headers, h => Assert.Equal(h.Key.ToLowerInvariant(), h.Key));
        Assert.All(headers, h => Assert.Equal(string.Empty, h.Value));
        Assert.DoesNotContain(headers, h => h.Key == "host");
        Assert.Equal("/v1/chat/completions?x=1", headers[1].RawValue.ToStringUtf8());
        Assert.Equal("Mixed Value", headers.Single(h => h.Key == "x-custom-header").RawValue.ToStringUtf8());
    }

    [Fact]
    public async Task ProtocolConfig_OnlyOnTheFirstMessage()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        var received = harness.Processor.RouterStreams.Single().Received;
        Assert.Equal(4, received.Count);
        Assert.Equal((BodySendMode.Buffered, BodySendMode.Buffered), ProtocolConfigField.Read(received[0]));
        Assert.All(received.Skip(1), m => Assert.Null(ProtocolConfigField.Read(m)));
    }

    [Fact]
    public async Task MetadataContext_OnEveryMessage_OnlyForwardingNamespaces()
    {
        var jwt = new Metadata();
        jwt.FilterMetadata["envoy.filters.http.jwt_authn"] = new Struct { Fields = { ["sub"] = Value.ForString("alice") } };
        jwt.FilterMetadata["not.forwarded"] = new Struct { Fields = { ["x"] = Value.ForNumber(1) } };
        await using var harness = await StandInHarness.StartAsync(
            TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA), options: o => new StandInOptions
            {
                ConfigYaml = o.ConfigYaml, ListenPort = 0, ProcessorAddress = o.ProcessorAddress, EndpointOverrides = o.EndpointOverrides,
                DownstreamMetadata = _ => jwt,
            });

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        var received = harness.Processor.RouterStreams.Single().Received;
        Assert.Equal(4, received.Count);
        Assert.All(received, m =>
        {
            Assert.NotNull(m.MetadataContext);
            Assert.Equal(["envoy.filters.http.jwt_authn"], m.MetadataContext.FilterMetadata.Keys);
            Assert.Equal("alice", m.MetadataContext.FilterMetadata["envoy.filters.http.jwt_authn"].Fields["sub"].StringValue);
        });
    }

    [Fact]
    public async Task Attributes_OnlyOnTheFirstMessageOfEachDirection_UnderTheFilterKey()
    {
        var yaml = TestYaml.Build(TestYaml.DefaultRouterExtProc + "\nrequest_attributes: [request.path, request.method]\nresponse_attributes: [xds.route_name]");
        await using var harness = await StandInHarness.StartAsync(yaml, s => s.AnswerAllAsync(StandInHarness.RouteToModelA));

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        var received = harness.Processor.RouterStreams.Single().Received;
        var attributes = Assert.Single(received[0].Attributes);
        Assert.Equal("envoy.filters.http.ext_proc", attributes.Key);
        Assert.Equal("/v1/chat/completions", attributes.Value.Fields["request.path"].StringValue);
        Assert.Equal("POST", attributes.Value.Fields["request.method"].StringValue);
        Assert.Equal([RequestCase.RequestHeaders, RequestCase.ResponseHeaders], received.Where(m => m.Attributes.Count > 0).Select(m => m.RequestCase));
        // The route as chosen after clear_route_cache.
        Assert.Equal("model-a", received.Single(m => m.RequestCase == RequestCase.ResponseHeaders).Attributes["envoy.filters.http.ext_proc"].Fields["xds.route_name"].StringValue);
    }

    [Fact]
    public async Task BufferedBody_OneMessage_WholeBody_EndOfStream()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        var body = new string('x', 100_000);

        using var response = await harness.PostAsync(body: body);
        await harness.NextLogAsync();

        var bodies = harness.Processor.RouterStreams.Single().Received.Where(m => m.RequestCase == ProcessingRequest.RequestOneofCase.RequestBody).ToList();
        var only = Assert.Single(bodies);
        Assert.True(only.RequestBody.EndOfStream);
        Assert.Equal(body, only.RequestBody.Body.ToStringUtf8());
    }

    [Fact]
    public async Task HeadersWithEndOfStream_NoBodyMessage()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build());

        using var response = await harness.Client.GetAsync("/v1/models").WaitAsync(TestTimeouts.Default);
        await harness.NextLogAsync();

        var received = harness.Processor.RouterStreams.Single().Received;
        Assert.True(received[0].RequestHeaders.EndOfStream);
        Assert.DoesNotContain(received, m => m.RequestCase == ProcessingRequest.RequestOneofCase.RequestBody);
    }
}
