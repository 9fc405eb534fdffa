namespace AiGateway.Processor.Translation;

/// <summary>
/// An error as a value: what happened, the HTTP status the client gets and a message that is safe to show
/// (never a secret, a prompt or an internal detail). Rendered by the client schema's error writer.
/// </summary>
internal sealed record GatewayError(GatewayErrorKind Kind, int Status, string Message)
{
    /// <summary>The request field the error is about (OpenAI <c>param</c>), if any.</summary>
    public string? Param { get; init; }

    /// <summary>A machine-readable code (OpenAI <c>code</c>), e.g. <c>model_not_found</c>.</summary>
    public string? Code { get; init; }

    /// <summary>Extra response headers such as <c>retry-after</c> or <c>x-should-retry</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Short reason for Envoy's <c>%RESPONSE_CODE_DETAILS%</c> and logs (no spaces, no user data).</summary>
    public string Details { get; init; } = "aigw_error";

    public static GatewayError InvalidRequest(string message, string? param = null) =>
        new(GatewayErrorKind.InvalidRequest, 400, message) { Param = param, Details = "aigw_invalid_request" };

    public static GatewayError NotFound(string message, string? code = null) =>
        new(GatewayErrorKind.NotFound, 404, message) { Code = code, Details = "aigw_not_found" };

    public static GatewayError Internal() =>
        new(GatewayErrorKind.Internal, 500, "The gateway failed to process the request. Retry later; if it persists, contact the gateway operator.")
        {
            Details = "aigw_internal_error",
        };
}
