using AiGateway.Processor.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// Wires the OpenTelemetry SDK to the processor's Meter and ActivitySource: Prometheus at <c>/metrics</c> on the admin
/// port (local use), and OTLP for metrics and traces when <c>telemetry.otlp</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set. Off unless configured: without a tracer the processor starts no spans at all.
/// </summary>
internal static class OpenTelemetrySetup
{
    public static void Add(WebApplicationBuilder builder, TelemetryConfig telemetry)
    {
        var otlp = telemetry.Otlp is not null || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        if (!otlp && !telemetry.Prometheus)
        {
            return;
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("aigw-processor", serviceVersion: typeof(OpenTelemetrySetup).Assembly.GetName().Version?.ToString()));
        otel.WithMetrics(metrics =>
        {
            metrics.AddMeter(TelemetryNames.Source);
            if (telemetry.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }

            if (otlp)
            {
                metrics.AddOtlpExporter(options => Endpoint(options, telemetry));
            }
        });
        if (otlp)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(TelemetryNames.Source)
                .AddOtlpExporter(options => Endpoint(options, telemetry)));
        }
    }

    /// <summary>Maps <c>/metrics</c> on the admin port only (never on the ext_proc port).</summary>
    public static void Map(WebApplication app, TelemetryConfig telemetry, int adminPort)
    {
        if (telemetry.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{adminPort}");
        }
    }

    private static void Endpoint(OtlpExporterOptions options, TelemetryConfig telemetry)
    {
        // Unset: the exporter keeps what it read from the OTEL_EXPORTER_OTLP_* variables.
        if (telemetry.Otlp is { } endpoint)
        {
            options.Endpoint = endpoint;
        }
    }
}
