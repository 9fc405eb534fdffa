using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Turns a provider failure (HTTP error body, Bedrock <c>x-amzn-ErrorType</c>, in-stream error event or exception frame)
/// into a <see cref="GatewayError"/> for one client schema. Status rules (§7.9, and the lead's brief): 400 stays 400;
/// provider 401/403 are the gateway's own credential problem → 502 with a safe message; 429 stays 429 with
/// <c>retry-after</c>; 529/503 overloaded → 529 for Anthropic clients, 503 for OpenAI clients; 408/504 → 504;
/// 424 model errors → 500 (Anthropic) / 502 (OpenAI). Provider text is kept only for 4xx, where it explains what to fix.
/// </summary>
internal static class ProviderErrorMapper
{
    public const string CredentialsMessage = "The provider rejected the gateway's credentials. Contact the gateway operator.";
    public const string OverloadedMessage = "The provider is overloaded. Retry later.";
    public const string ServerMessage = "The provider failed to process the request. Retry later.";
    public const string TimeoutMessage = "The provider timed out.";
    public const string CutMessage = "The provider closed the stream before the response was complete.";

    /// <summary>A provider stream that is malformed or cut (CRC failure, truncated frame, missing end events).</summary>
    public static GatewayError StreamFault(string message) =>
        new(GatewayErrorKind.UpstreamFailure, 502, message) { Details = "aigw_upstream_stream_fault" };

    /// <summary>Maps an HTTP error response from the provider.</summary>
    public static GatewayError FromHttp(ApiSchema client, int status, string? amznErrorType, string? retryAfter, ReadOnlySpan<byte> body)
    {
        ReadBody(body, out var type, out var message);
        if (!string.IsNullOrEmpty(amznErrorType))
        {
            var colon = amznErrorType.IndexOf(':', StringComparison.Ordinal);
            type = colon < 0 ? amznErrorType : amznErrorType[..colon];
        }

        if (type is "overloaded_error")
        {
            status = 529;
        }

        return Map(client, status, message, retryAfter);
    }

    /// <summary>Maps an error that arrived inside a 200 stream (Anthropic <c>error</c> event, Bedrock exception frame, OpenAI error chunk).</summary>
    public static GatewayError FromStream(ApiSchema client, string? type, string? message) =>
        Map(client, StatusOfType(type), message, retryAfter: null);

    /// <summary>Reads the error type and message of any of the three providers' error bodies, tolerating garbage.</summary>
    public static void ReadBody(ReadOnlySpan<byte> body, out string? type, out string? message)
    {
        type = null;
        message = null;
        var reader = new Utf8JsonReader(body);
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var holder = root.TryGetProperty("error"u8, out var error) && error.ValueKind == JsonValueKind.Object ? error : root;
            type = StringOf(holder, "type"u8) ?? StringOf(root, "__type"u8);
            message = StringOf(holder, "message"u8) ?? StringOf(holder, "Message"u8);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, an empty body): the status alone decides.
        }
    }

    private static string? StringOf(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int StatusOfType(string? type) => type switch
    {
        "overloaded_error" => 529,
        "rate_limit_error" or "rate_limit_exceeded" or "throttlingException" or "modelNotReadyException" => 429,
        "invalid_request_error" or "validationException" => 400,
        "authentication_error" => 401,
        "permission_error" or "accessDeniedException" => 403,
        "not_found_error" or "resourceNotFoundException" => 404,
        "request_too_large" => 413,
        "timeout_error" or "modelTimeoutException" => 504,
        "modelStreamErrorException" => 424,
        "serviceUnavailableException" => 503,
        _ => 500,
    };

    private static GatewayError Map(ApiSchema client, int status, string? message, string? retryAfter)
    {
        var anthropicClient = client is ApiSchema.Anthropic or ApiSchema.BedrockInvoke;
        IReadOnlyList<KeyValuePair<string, string>> retryHeaders = retryAfter is null ? [] : [new("retry-after", retryAfter)];
        return status switch
        {
            401 or 403 => new(GatewayErrorKind.UpstreamFailure, 502, CredentialsMessage) { Details = "aigw_upstream_credentials" },
            404 => new(GatewayErrorKind.NotFound, 404, message ?? "The provider did not find the model.") { Details = "aigw_upstream_not_found" },
            408 or 504 => new(GatewayErrorKind.Timeout, 504, TimeoutMessage) { Details = "aigw_upstream_timeout" },
            413 => new(GatewayErrorKind.RequestTooLarge, 413, message ?? "The request is too large for the provider.") { Details = "aigw_upstream_too_large" },
            429 => new(GatewayErrorKind.RateLimited, 429, message ?? "The provider's rate limit was reached. Retry later.") { Headers = retryHeaders, Details = "aigw_upstream_rate_limited" },
            424 => new(GatewayErrorKind.UpstreamFailure, anthropicClient ? 500 : 502, ServerMessage) { Details = "aigw_upstream_model_error" },
            503 or 529 => new(GatewayErrorKind.Overloaded, anthropicClient ? 529 : 503, OverloadedMessage) { Headers = retryHeaders, Details = "aigw_upstream_overloaded" },
            >= 400 and < 500 => new(GatewayErrorKind.InvalidRequest, status, message ?? "The provider rejected the request.") { Details = "aigw_upstream_invalid_request" },
            _ => new(GatewayErrorKind.UpstreamFailure, 500, ServerMessage) { Details = "aigw_upstream_error" },
        };
    }
}
