using System.Text;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Delivery;

namespace AiGateway.FakeProviders.OpenAi;

/// <summary>
/// OpenAI errors: <c>{"error":{"message","type","param","code"}}</c>, in a stream a <c>data:</c> line
/// holding the same object (shared/reference/provider-apis.md §1.4-1.5).
/// </summary>
internal sealed class OpenAiDialect : IProviderDialect
{
    public static readonly OpenAiDialect Instance = new();

    public ErrorReply Error(int status, string? errorType, string? message) =>
        new(status, Body(status, errorType, message).ToJsonString(), [new("x-request-id", Guid.NewGuid().ToString("N"))]);

    public byte[] StreamError(int? status, string? errorType, string? message) =>
        Encoding.UTF8.GetBytes($"data: {Body(status ?? 500, errorType, message).ToJsonString()}\n\n");

    private static JsonObject Body(int status, string? errorType, string? message)
    {
        var (type, code, text) = status switch
        {
            400 => ("invalid_request_error", null, "Invalid request."),
            401 => ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
            403 => ("invalid_request_error", "unsupported_country_region_territory", "Permission denied."),
            404 => ("invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."),
            429 => ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
            _ when status >= 500 => ("server_error", null, "The server had an error while processing your request."),
            _ => ("invalid_request_error", (string?)null, "Request failed."),
        };
        return new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message ?? text,
                ["type"] = errorType ?? type,
                ["param"] = null,
                ["code"] = code,
            },
        };
    }
}
