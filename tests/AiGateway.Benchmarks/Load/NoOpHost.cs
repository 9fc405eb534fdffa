using System.Text.Json.Nodes;
using AiGateway.Processor.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// Hosts <see cref="NoOpProcessor"/> exactly as ProcessorHost hosts the real one: slim builder, HTTP/2 cleartext
/// gRPC port and HTTP/1.1 admin port on loopback, 1,024 streams per connection, 64 MiB messages, same log filters.
/// The admin port answers <c>/readyz</c> with <c>active_streams</c> like the processor, so the driver checks leaks
/// the same way on both.
/// </summary>
internal static class NoOpHost
{
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    public static async Task<int> RunAsync(int grpcPort, int adminPort)
    {
        var builder = WebApplication.CreateSlimBuilder([ProcessorHost.NoConfigReloadArgument]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddSingleton<NoOpProcessor>();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxMessageBytes;
            options.MaxSendMessageSize = MaxMessageBytes;
            options.EnableDetailedErrors = false;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(System.Net.IPAddress.Loopback, adminPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1024;
        });

        var app = builder.Build();
        app.MapGrpcService<NoOpProcessor>();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (NoOpProcessor processor) =>
            Results.Text(new JsonObject { ["status"] = "ready", ["active_streams"] = processor.ActiveStreams }.ToJsonString(), "application/json"));
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
