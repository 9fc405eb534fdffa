using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Hosting;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static AiGateway.Processor.Tests.Infrastructure.EnvoyMessages;

namespace AiGateway.Processor.Tests.Hosting;

/// <summary>
/// adr/020, and why adr/018 failed, on real Kestrel and HTTP/2 (TestServer has no stream table): Kestrel tracks every
/// stream until the client ends its side too, and refuses new streams with ENHANCE_YOUR_CALM past twice its stream
/// limit. Ending the RPC right after the last answer leaves that to the client, and grpc-dotnet's client (the
/// stand-in's) never ends a call whose response it has read to the end; waiting for Envoy's close keeps the stream's
/// end with the client.
/// </summary>
public sealed class StreamEndKestrelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ManyFinishedExchangesOnOneConnection_EnvoyStyleClose_NoStreamRefused()
    {
        var (grpcPort, adminPort) = (FreePorts.Next(), FreePorts.Next());
        using var config = new TempConfig();
        var logs = new TestLogSink();
        var app = ProcessorHost.Build(config.Path, configure: builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            // Kestrel then refuses new streams once it tracks more than 8.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.Http2.MaxStreamsPerConnection = 4);
        }, ports: (grpcPort, adminPort));
        await app.StartAsync().WaitAsync(Timeout);
        try
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            var client = new ExternalProcessor.ExternalProcessorClient(channel);

            // 4 at a time (the limit), 200 exchanges on the one connection: 25 times what Kestrel would track.
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await ExchangeLikeEnvoyAsync(client);
                }
            }))).WaitAsync(Timeout * 3);

            Assert.Equal(0, app.Services.GetRequiredService<ActiveExchanges>().Count);
        }
        finally
        {
            await app.StopAsync().WaitAsync(Timeout);
            await app.DisposeAsync();
        }

        logs.AssertNoUnexpectedErrors();
    }

    /// <summary>
    /// One request answered by an immediate response (its last answer), with Envoy's gRPC client: a reader that reads
    /// answers and the close as they come, and, once the filter is done, END_STREAM and then a reset (§0.10).
    /// </summary>
    private static async Task ExchangeLikeEnvoyAsync(ExternalProcessor.ExternalProcessorClient client)
    {
        using var call = client.Process();
        var answered = new TaskCompletionSource<ProcessingResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            try
            {
                while (await call.ResponseStream.MoveNext())
                {
                    answered.TrySetResult(call.ResponseStream.Current);
                }

                answered.TrySetException(new InvalidOperationException("the RPC ended without an answer"));
            }
            catch (RpcException) when (answered.Task.IsCompleted)
            {
                // Our own reset below.
            }
        });

        await call.RequestStream.WriteAsync(RequestHeaders("GET", "/v2/unknown")).WaitAsync(Timeout);
        var answer = await answered.Task.WaitAsync(Timeout);

        Assert.Equal(ProcessingResponse.ResponseOneofCase.ImmediateResponse, answer.ResponseCase);
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        call.Dispose();
        await reader.WaitAsync(Timeout);
    }
}
