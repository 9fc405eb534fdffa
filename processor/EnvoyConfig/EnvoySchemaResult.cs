using Envoy.Config.Bootstrap.V3;

namespace AiGateway.Processor.EnvoyConfig;

/// <summary>The outcome of <see cref="EnvoyBootstrapSchemaCheck"/>: the parsed Bootstrap when there were no problems.</summary>
internal sealed record EnvoySchemaResult(Bootstrap? Bootstrap, IReadOnlyList<EnvoyConfigProblem> Problems);
