using System.Net;
using System.Threading.Channels;
using AiGateway.EnvoyStandIn.Configuration;
using AiGateway.EnvoyStandIn.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Trace;

namespace AiGateway.EnvoyStandIn;

/// <summary>
/// Plays Envoy 1.38's side of ext_proc for tests and local development, configured from an Envoy YAML file
/// (a strict subset; see docs/local-development.md).
/// </summary>
public static class EnvoyStandIn
{
    /// <exception cref="EnvoyConfigException">The YAML uses something the stand-in does not emulate, or is invalid.</exception>
    public static async Task<StandInHandle> StartAsync(StandInOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var yaml = options.ConfigYaml
            ?? (options.ConfigPath is { } path ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null)
            ?? throw new ArgumentException("Set ConfigPath or ConfigYaml.", nameof(options));
        var config = EnvoyYamlLoader.Load(yaml);
        var clusters = new ClusterSet(config, options);
        try
        {
            var address = options.ListenAddress ?? (IPAddress.TryParse(config.Listener.Address, out var parsed)
                ? parsed
                : throw new EnvoyConfigException("static_resources.listeners[0].address.socket_address.address", "must be an IP address"));
            var port = options.ListenPort ?? config.Listener.Port;

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.AddServerHeader = false;
                // codec_type HTTP2 = h2c prior knowledge. AUTO: Envoy sniffs the h2c preface on cleartext, Kestrel cannot
                // (it serves HTTP/1.1 only on a cleartext Http1AndHttp2 endpoint): a documented limit of the stand-in.
                var protocols = config.Listener.CodecType switch
                {
                    "HTTP1" => HttpProtocols.Http1,
                    "HTTP2" => HttpProtocols.Http2,
                    _ => HttpProtocols.Http1AndHttp2,
                };
                kestrel.Listen(address, port, listen => listen.Protocols = protocols);
            });
            builder.Services.AddSingleton(options.LoggerFactory ?? NullLoggerFactory.Instance);
            builder.Services.AddRoutingCore();

            // Like Envoy's own tracing: the stand-in's ext_proc gRPC calls become client spans, exported over OTLP
            // only when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set (the processor's spans then sit beside them).
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
            {
                builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddGrpcClientInstrumentation().AddOtlpExporter());
            }

            var logs = Channel.CreateUnbounded<StandInRequestLog>();
            var pipeline = new RequestPipeline(config.Listener, clusters, options, logs.Writer);
            var app = builder.Build();
            app.Run(pipeline.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseAddress = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
            return new StandInHandle(app, clusters, logs, baseAddress);
        }
        catch
        {
            clusters.Dispose();
            throw;
        }
    }
}
