using AiGateway.Processor.Guardrails;

namespace AiGateway.Processor.Configuration;

/// <summary>An AWS Bedrock guardrail applied with ApplyGuardrail (provider-apis.md §5.1).</summary>
internal sealed record BedrockGuardrailConfig
{
    /// <summary>The guardrail id or ARN.</summary>
    public string GuardrailId { get; init; } = "";

    /// <summary><c>DRAFT</c> or a version number.</summary>
    public string Version { get; init; } = "DRAFT";

    public string Region { get; init; } = "";

    /// <summary>Overrides <c>https://bedrock-runtime.{region}.amazonaws.com</c> (tests, VPC endpoints).</summary>
    public Uri? Endpoint { get; init; }

    public List<GuardrailDirection> Directions { get; init; } = [GuardrailDirection.Request, GuardrailDirection.Response];

    /// <summary>Longest wait for an answer. Envoy's ext_proc <c>message_timeout</c> must be longer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Let text through when the guardrail cannot be reached (default: refuse, fail closed).</summary>
    public bool FailOpen { get; init; }
}
