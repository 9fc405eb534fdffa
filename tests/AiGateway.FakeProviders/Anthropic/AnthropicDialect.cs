using System.Text;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Delivery;
using AiGateway.FakeProviders.Scripting;

namespace AiGateway.FakeProviders.Anthropic;

/// <summary>
/// Anthropic errors: <c>{"type":"error","error":{"type","message"},"request_id"}</c> with the official
/// type set; in a stream an <c>event: error</c> (shared/reference/provider-apis.md §2.4-2.5).
/// </summary>
internal sealed class AnthropicDialect : IProviderDialect
{
    public static readonly AnthropicDialect Instance = new();

    public ErrorReply Error(int status, string? errorType, string? message)
    {
        var requestId = ReplyFragments.NewId("req_");
        var body = Body(status, errorType, message);
        body["request_id"] = requestId;
        return new(status, body.ToJsonString(), [new("request-id", requestId)]);
    }

    public byte[] StreamError(int? status, string? errorType, string? message) =>
        Encoding.UTF8.GetBytes($"event: error\ndata: {Body(status ?? 529, errorType, message).ToJsonString()}\n\n");

    public static string TypeOf(int status) => status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    private static JsonObject Body(int status, string? errorType, string? message) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject
        {
            ["type"] = errorType ?? TypeOf(status),
            ["message"] = message ?? (status == 529 ? "Overloaded" : status == 401 ? "invalid x-api-key" : "Request failed."),
        },
    };
}
