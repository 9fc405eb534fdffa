using Envoy.Config.Core.V3;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>One attempt as the request log shows it.</summary>
internal sealed record AttemptRecord(UpstreamEndpoint Endpoint, int? Status, AttemptFailure Failure, Metadata DynamicMetadata);
