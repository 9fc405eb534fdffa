using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiGateway.EnvoyStandIn;

/// <summary>How to start the Envoy stand-in: the Envoy YAML plus the overrides tests and the local gateway need.</summary>
public sealed class StandInOptions
{
    /// <summary>Path of the Envoy YAML file (e.g. envoy/envoy.local.yaml). One of this or <see cref="ConfigYaml"/>.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The Envoy YAML text itself.</summary>
    public string? ConfigYaml { get; init; }

    /// <summary>Bind address; default the listener's socket_address from the YAML.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>Listen port; default the YAML's port_value; 0 = ephemeral (read <see cref="StandInHandle.BaseAddress"/>).</summary>
    public int? ListenPort { get; init; }

    /// <summary>Replaces every endpoint of the gRPC clusters ext_proc filters use, e.g. http://127.0.0.1:50051.</summary>
    public Uri? ProcessorAddress { get; init; }

    /// <summary>Replaces every endpoint of every other cluster (TLS off), keeping priorities and metadata.</summary>
    public Uri? UpstreamOverride { get; init; }

    /// <summary>Cluster name → address for all its endpoints (TLS off). Beats the two above.</summary>
    public IReadOnlyDictionary<string, Uri> ClusterOverrides { get; init; } = new Dictionary<string, Uri>();

    /// <summary>Configured "host:port" → address for that endpoint only (TLS off). Beats all other overrides.</summary>
    public IReadOnlyDictionary<string, Uri> EndpointOverrides { get; init; } = new Dictionary<string, Uri>();

    /// <summary>
    /// Dynamic metadata the HTTP filters before ext_proc would have written for a request (e.g. namespace
    /// envoy.filters.http.jwt_authn with the JWT payload); forwarded per metadata_options.forwarding_namespaces.
    /// </summary>
    public Func<HttpContext, Envoy.Config.Core.V3.Metadata?>? DownstreamMetadata { get; init; }

    /// <summary>Called once per request when it is finished (the access-log equivalent).</summary>
    public Action<StandInRequestLog>? OnRequestCompleted { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; init; }
}
