using System.Diagnostics;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// The processor's spans. <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null while no
/// tracer listens (tracing off), so an untraced request costs one check per span.
/// </summary>
internal static class GatewayTracing
{
    public static readonly ActivitySource Source = new(TelemetryNames.Source);

    /// <summary>A child span of the current request's span for work that leaves the process (ledger, Secrets Manager, guardrail call).</summary>
    public static Activity? StartCall(string name) =>
        Activity.Current is null ? null : Source.StartActivity(name, ActivityKind.Client);
}
