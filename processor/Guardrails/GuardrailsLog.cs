namespace AiGateway.Processor.Guardrails;

/// <summary>Log events of the Guardrails folder (event ids 700–749). Never the checked text or what matched.</summary>
internal static partial class GuardrailsLog
{
    [LoggerMessage(700, LogLevel.Information, "Guardrail policy {Policy} rule {Rule} blocked a {Direction}", EventName = "GuardrailBlocked")]
    public static partial void Blocked(ILogger logger, string policy, string rule, GuardrailDirection direction);

    [LoggerMessage(701, LogLevel.Warning, "Bedrock guardrail of policy {Policy} failed ({Reason}); failing closed: the {Direction} is refused", EventName = "GuardrailFailClosed")]
    public static partial void FailClosed(ILogger logger, string policy, string reason, GuardrailDirection direction);

    [LoggerMessage(702, LogLevel.Warning, "Bedrock guardrail of policy {Policy} failed ({Reason}); failing open by config: the {Direction} passes unchecked by it", EventName = "GuardrailFailOpen")]
    public static partial void FailOpen(ILogger logger, string policy, string reason, GuardrailDirection direction);
}
