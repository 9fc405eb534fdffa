using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Delivery;
using AiGateway.FakeProviders.EventStream;

namespace AiGateway.FakeProviders.Bedrock;

/// <summary>
/// Bedrock errors: <c>x-amzn-ErrorType: Name:namespace</c> and <c>{"message"}</c> before a stream
/// (shared/reference/provider-apis.md §3.4); inside a stream an event-stream exception frame whose
/// <c>:exception-type</c> is the camel-cased name (§3.5, §4.5).
/// </summary>
internal sealed class BedrockDialect : IProviderDialect
{
    public static readonly BedrockDialect Instance = new();

    public ErrorReply Error(int status, string? errorType, string? message)
    {
        var name = errorType ?? NameOf(status);
        var body = new JsonObject { ["message"] = message ?? DefaultMessage(name) };
        var nameSpace = name.EndsWith("SignatureException", StringComparison.Ordinal) || name is "UnrecognizedClientException" or "MissingAuthenticationTokenException"
            ? "http://internal.amazon.com/coral/com.amazon.coral.service/"
            : "http://internal.amazon.com/coral/com.amazon.bedrock/";
        return new(status, body.ToJsonString(),
        [
            new("x-amzn-ErrorType", name + ":" + nameSpace),
            new("x-amzn-RequestId", Guid.NewGuid().ToString()),
        ]);
    }

    public byte[] StreamError(int? status, string? errorType, string? message)
    {
        var name = errorType ?? (status is null ? "ModelStreamErrorException" : NameOf(status.Value));
        var payload = new JsonObject { ["message"] = message ?? DefaultMessage(name) };
        return AwsEventStreamEncoder.EncodeException(char.ToLowerInvariant(name[0]) + name[1..], payload.ToJsonString());
    }

    public static string NameOf(int status) => status switch
    {
        400 => "ValidationException",
        403 => "AccessDeniedException",
        404 => "ResourceNotFoundException",
        408 => "ModelTimeoutException",
        424 => "ModelErrorException",
        429 => "ThrottlingException",
        503 => "ServiceUnavailableException",
        _ => "InternalServerException",
    };

    private static string DefaultMessage(string name) => name switch
    {
        "ThrottlingException" => "Too many requests, please wait before trying again.",
        "ServiceUnavailableException" => "Bedrock is unable to process your request.",
        "ModelNotReadyException" => "The model is not ready to serve inference requests.",
        _ => name + " raised by the fake provider.",
    };
}
