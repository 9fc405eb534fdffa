using Envoy.Service.ExtProc.V3;

namespace AiGateway.EnvoyStandIn.Tests.Fakes;

/// <summary>Stand-in + scripted processor + two fake upstreams (priority 0 and 1), all on loopback.</summary>
internal sealed class StandInHarness : IAsyncDisposable
{
    private StandInHarness(FakeProcessor processor, FakeUpstream upstream0, FakeUpstream upstream1, StandInHandle standIn)
    {
        Processor = processor;
        Upstream0 = upstream0;
        Upstream1 = upstream1;
        StandIn = standIn;
        Client = new HttpClient { BaseAddress = standIn.BaseAddress, Timeout = TestTimeouts.Default };
    }

    public FakeProcessor Processor { get; }

    public FakeUpstream Upstream0 { get; }

    public FakeUpstream Upstream1 { get; }

    public StandInHandle StandIn { get; }

    public HttpClient Client { get; }

    public static async Task<StandInHarness> StartAsync(
        string yaml, Func<FakeProcessorStream, Task>? script = null, bool http2Upstream = false, Func<StandInOptions, StandInOptions>? options = null)
    {
        var processor = await FakeProcessor.StartAsync();
        if (script is not null)
        {
            processor.Script = script;
        }

        var upstream0 = await FakeUpstream.StartAsync(http2Upstream);
        var upstream1 = await FakeUpstream.StartAsync(http2Upstream);
        var standInOptions = new StandInOptions
        {
            ConfigYaml = yaml,
            ListenPort = 0,
            ProcessorAddress = processor.Address,
            EndpointOverrides = new Dictionary<string, Uri>
            {
                ["p0.example:443"] = upstream0.Address,
                ["p1.example:443"] = upstream1.Address,
            },
        };
        var standIn = await EnvoyStandIn.StartAsync(options?.Invoke(standInOptions) ?? standInOptions).WaitAsync(TestTimeouts.Default);
        return new StandInHarness(processor, upstream0, upstream1, standIn);
    }

    /// <summary>POST a JSON body, the common LLM call.</summary>
    public Task<HttpResponseMessage> PostAsync(string path = "/v1/chat/completions", string body = "{\"model\":\"m\"}") =>
        Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json")).WaitAsync(TestTimeouts.Default);

    /// <summary>POST that names the route itself (client-sent x-aigw-route), so no processor routing is needed.</summary>
    public Task<HttpResponseMessage> PostRoutedAsync(string body = "{\"model\":\"m\"}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-aigw-route", "model-a");
        return Client.SendAsync(request).WaitAsync(TestTimeouts.Default);
    }

    /// <summary>A script that answers request headers with <paramref name="common"/> and continues everything else.</summary>
    public static Func<FakeProcessorStream, Task> OnRequestHeaders(CommonResponse common) =>
        s => s.AnswerAllAsync(r => r.RequestCase == ProcessingRequest.RequestOneofCase.RequestHeaders ? Answers.With(r, common) : Answers.Continue(r));

    public async Task<StandInRequestLog> NextLogAsync() => await StandIn.RequestLogs.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);

    /// <summary>A script step: route the request to model-a in the request-body answer (as the processor does).</summary>
    public static ProcessingResponse RouteToModelA(ProcessingRequest request) =>
        request.RequestCase == ProcessingRequest.RequestOneofCase.RequestBody
            ? Answers.With(request, new CommonResponse { HeaderMutation = Answers.Mutation(Answers.Set("x-aigw-route", "model-a")), ClearRouteCache = true })
            : Answers.Continue(request);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StandIn.DisposeAsync();
        await Upstream0.DisposeAsync();
        await Upstream1.DisposeAsync();
        await Processor.DisposeAsync();
    }
}
