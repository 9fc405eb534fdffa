using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Anthropic;

/// <summary>
/// Anthropic's error body: <c>{"type":"error","error":{"type","message"}}</c> with the official set of
/// error types only (shared/reference/provider-apis.md §2.5).
/// </summary>
internal sealed class AnthropicErrorWriter : IErrorWriter
{
    public static readonly AnthropicErrorWriter Instance = new();

    public void Write(GatewayError error, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "error"u8);
        writer.WriteStartObject("error"u8);
        writer.WriteString("type"u8, TypeOf(error));
        writer.WriteString("message"u8, error.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string TypeOf(GatewayError error) => error.Kind switch
    {
        GatewayErrorKind.Authentication => "authentication_error",
        GatewayErrorKind.PermissionDenied => "permission_error",
        GatewayErrorKind.NotFound => "not_found_error",
        GatewayErrorKind.RequestTooLarge => "request_too_large",
        GatewayErrorKind.RateLimited or GatewayErrorKind.BudgetExceeded => "rate_limit_error",
        GatewayErrorKind.Overloaded => "overloaded_error",
        GatewayErrorKind.Timeout => "timeout_error",
        GatewayErrorKind.InvalidRequest or GatewayErrorKind.ContentFiltered => "invalid_request_error",
        _ when error.Status is >= 400 and < 500 => "invalid_request_error",
        _ => "api_error",
    };
}
