using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Hosting;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.Tests.Infrastructure;

/// <summary>
/// The real processor host on an in-memory TestServer, reached through a real GrpcChannel, with a log sink that
/// fails the test on unexpected Error logs.
/// </summary>
public sealed class TestProcessor : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private TestProcessor(WebApplication app, TestLogSink logs)
    {
        _app = app;
        Logs = logs;
        var server = app.GetTestServer();
        _channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
        Client = new ExternalProcessor.ExternalProcessorClient(_channel);
    }

    public TestLogSink Logs { get; }

    public ExternalProcessor.ExternalProcessorClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public GrpcChannel Channel => _channel;

    public HttpClient CreateHttpClient() => _app.GetTestServer().CreateClient();

    internal static async Task<TestProcessor> StartAsync(string configPath, Action<IServiceCollection>? services = null)
    {
        var logs = new TestLogSink();
        var app = ProcessorHost.Build(configPath, configure: builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync().WaitAsync(Timeout);
        return new TestProcessor(app, logs);
    }

    /// <summary>
    /// Sends the messages one by one, reading exactly one answer after each, then half-closes and waits for the RPC to
    /// end, so the exchange's end observers (records, settlement, metrics) have run when this returns. After the last
    /// answer the processor reads nothing until Envoy's reset or, as here, a half-close it checks for after
    /// <see cref="StreamEnd.HalfCloseCheckDelay"/> (adr/020).
    /// </summary>
    public async Task<List<ProcessingResponse>> ExchangeAsync(params ProcessingRequest[] requests)
    {
        using var call = Client.Process(cancellationToken: new CancellationTokenSource(Timeout).Token);
        var responses = new List<ProcessingResponse>();
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout), "the processor ended the stream instead of answering");
            responses.Add(call.ResponseStream.Current);
            if (call.ResponseStream.Current.ResponseCase == ProcessingResponse.ResponseOneofCase.ImmediateResponse)
            {
                break;
            }
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout), "the processor sent more answers than messages");
        return responses;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync();
        Logs.AssertNoUnexpectedErrors();
    }
}
