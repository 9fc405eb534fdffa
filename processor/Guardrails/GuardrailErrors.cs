using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Guardrails;

/// <summary>The errors guardrails answer with. They name the policy and rule, never the text that matched.</summary>
internal static class GuardrailErrors
{
    /// <summary>400 content filter: OpenAI <c>code: content_filter</c>, Anthropic <c>invalid_request_error</c>.</summary>
    public static GatewayError RequestBlocked(string policy, string rule) =>
        new(GatewayErrorKind.ContentFiltered, 400, $"The request was blocked by the gateway's guardrail policy '{policy}' (rule '{rule}'). Remove the sensitive content and retry.")
        {
            Details = "aigw_guardrail_blocked",
        };

    /// <summary>The in-stream error a blocked streamed answer ends with, after the text already released.</summary>
    public static GatewayError ResponseBlocked(string policy, string rule) =>
        new(GatewayErrorKind.ContentFiltered, 400, $"The response was stopped by the gateway's guardrail policy '{policy}' (rule '{rule}').")
        {
            Details = "aigw_guardrail_blocked",
        };

    /// <summary>The guardrail service could not answer in time and the policy fails closed.</summary>
    public static GatewayError Unavailable(string policy) =>
        new(GatewayErrorKind.Overloaded, 503, $"The guardrail policy '{policy}' could not check this content right now, so it was not sent. Retry shortly.")
        {
            Details = "aigw_guardrail_unavailable",
        };
}
