using Envoy.Config.Route.V3;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>A route with its virtual host and YAML path.</summary>
internal sealed record EnvoyRouteSite(EnvoyRoute Route, VirtualHost VirtualHost, string Path);
