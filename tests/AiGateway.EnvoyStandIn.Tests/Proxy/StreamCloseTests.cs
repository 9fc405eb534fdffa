using AiGateway.EnvoyStandIn.Tests.Fakes;

namespace AiGateway.EnvoyStandIn.Tests.Proxy;

/// <summary>How Envoy ends the ext_proc stream (ext-proc-protocol.md §0.10, §3.2).</summary>
public sealed class StreamCloseTests
{
    // Envoy half-closes and resets at once; the server sees the reset for sure, the END_STREAM only if it reads it first.
    [Fact]
    public async Task AfterTheLastAnswer_StreamEndedAndReset()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));

        using var response = await harness.PostAsync();
        await harness.NextLogAsync();

        var stream = harness.Processor.RouterStreams.Single();
        await stream.Ended.Task.WaitAsync(TestTimeouts.Default);
        await stream.Cancelled.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(4, stream.Received.Count);
    }

    // §3.2: BUFFERED modes close at the end of the request, not early: the stream is still open while the upstream answers.
    [Fact]
    public async Task BufferedModes_NoEarlyClose()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), s => s.AnswerAllAsync(StandInHarness.RouteToModelA));
        var openDuringUpstream = false;
        harness.Upstream0.Respond = (http, _) =>
        {
            openDuringUpstream = !harness.Processor.RouterStreams.Single().Ended.Task.IsCompleted;
            return http.Response.WriteAsync("ok");
        };

        using var response = await harness.PostAsync();

        Assert.True(openDuringUpstream);
    }

    [Fact]
    public async Task ProcessorEndsEarlyWithOk_RestContinuesUnmodified()
    {
        await using var harness = await StandInHarness.StartAsync(TestYaml.Build(), async s =>
        {
            var headers = await s.NextAsync();
            await s.SendAsync(Answers.Continue(headers!));
            var body = await s.NextAsync();
            await s.SendAsync(StandInHarness.RouteToModelA(body!));
        });

        using var response = await harness.PostAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, harness.Processor.RouterStreams.Single().Received.Count);
    }
}
