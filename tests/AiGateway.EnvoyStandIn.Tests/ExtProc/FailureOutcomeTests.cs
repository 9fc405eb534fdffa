using AiGateway.EnvoyStandIn.Tests.Fakes;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using RequestCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.ExtProc;

/// <summary>Errors and time limits: the outcome table of ext-proc-protocol.md §3.13 (and §3.2 for the clean close).</summary>
public sealed class FailureOutcomeTests
{
    // Short only where the timeout is the point: a loaded CI machine must not turn other cases into 504s.
    private static string Yaml(bool failureModeAllow, string timeout) =>
        TestYaml.Build(TestYaml.DefaultRouterExtProc.Replace("message_timeout: 5s", "message_timeout: " + timeout, StringComparison.Ordinal) + $"\nfailure_mode_allow: {(failureModeAllow ? "true" : "false")}");

    public static TheoryData<string, bool, int, string> Cases => new()
    {
        { "timeout", false, 504, "ext_proc_error_per-message_timeout_exceeded" },
        { "timeout", true, 200, "via_upstream" },
        { "spurious", false, 500, "ext_proc_error_spurious_message" },
        { "spurious", true, 200, "via_upstream" },
        { "empty", false, 500, "ext_proc_error_spurious_message" },
        { "grpc-error", false, 500, "ext_proc_error_gRPC_error_14{down}" },
        { "grpc-error", true, 200, "via_upstream" },
        { "ok-close", false, 200, "via_upstream" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ProcessorFailure_AtRequestHeaders_Outcome(string failure, bool failureModeAllow, int expectedStatus, string expectedDetails)
    {
        await using var harness = await StandInHarness.StartAsync(Yaml(failureModeAllow, failure == "timeout" ? "0.2s" : "5s"), async s =>
        {
            var first = (await s.NextAsync())!;
            switch (failure)
            {
                case "timeout":
                    await s.NextAsync();
                    break;
                case "spurious":
                    await s.SendAsync(new ProcessingResponse { RequestBody = new BodyResponse() });
                    await s.NextAsync();
                    break;
                case "empty":
                    await s.SendAsync(new ProcessingResponse());
                    await s.NextAsync();
                    break;
                case "grpc-error":
                    throw new RpcException(new Status(StatusCode.Unavailable, "down"));
                default:
                    // Returning ends the RPC with OK: Envoy continues without the processor (§3.2).
                    Assert.Equal(RequestCase.RequestHeaders, first.RequestCase);
                    break;
            }
        });

        using var response = await harness.PostRoutedAsync();
        var log = await harness.NextLogAsync();

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal(expectedDetails, log.ResponseCodeDetails);
        Assert.Equal(expectedStatus == 200 ? 1 : 0, harness.Upstream0.Requests.Count);
        if (expectedStatus == 200)
        {
            // Continued unmodified: the original body reached the upstream.
            Assert.Equal("{\"model\":\"m\"}", System.Text.Encoding.UTF8.GetString(harness.Upstream0.Requests.Single().Body));
        }
    }

    [Fact]
    public async Task ProcessorUnreachable_LocalReply500()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), options: o => new StandInOptions
        {
            ConfigYaml = o.ConfigYaml, ListenPort = 0, ProcessorAddress = new Uri("http://127.0.0.1:1"), EndpointOverrides = o.EndpointOverrides,
        });

        using var response = await harness.PostRoutedAsync();

        Assert.Equal(500, (int)response.StatusCode);
        Assert.StartsWith("ext_proc_error_gRPC_error_14", (await harness.NextLogAsync()).ResponseCodeDetails, StringComparison.Ordinal);
    }

    // §3.3: a BUFFERED body over the buffer limit is a 413 on the request path.
    [Fact]
    public async Task BufferedRequestOverLimit_413()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(bufferLimit: 1000), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));

        using var response = await harness.PostAsync(body: new string('x', 5000));

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Empty(harness.Upstream0.Requests);
    }

    // §1.3: override_message_timeout restarts the timer (bounded by max_message_timeout) and the rest of that message is ignored.
    [Fact]
    public async Task OverrideMessageTimeout_ExtendsTheWait()
    {
        var yaml = TestYaml.Build(TestYaml.DefaultRouterExtProc.Replace("message_timeout: 5s", "message_timeout: 0.5s\nmax_message_timeout: 10s", StringComparison.Ordinal));
        await using var harness = await StandInHarness.StartAsync(yaml, async s =>
        {
            var headers = (await s.NextAsync())!;
            await s.SendAsync(new ProcessingResponse { OverrideMessageTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)), RequestBody = new BodyResponse() });
            await Task.Delay(1000);
            await s.SendAsync(Answers.Continue(headers));
            await s.AnswerAllAsync(StandInHarness.RouteToModelA);
        });

        using var response = await harness.PostAsync();

        Assert.Equal(200, (int)response.StatusCode);
    }
}
