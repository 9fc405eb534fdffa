using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>A listener and its HTTP connection manager (null when the listener has none), with their YAML paths.</summary>
internal sealed record EnvoyListenerSite(Listener Listener, string Path, HttpConnectionManager? Hcm, string HcmPath);
