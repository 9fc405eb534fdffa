using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.OpenAi;

/// <summary>
/// OpenAI's error body: <c>{"error":{"message","type","param","code"}}</c> with no top-level <c>type</c>
/// (shared/reference/provider-apis.md §1.5). The SDKs pick their exception class from the HTTP status.
/// </summary>
internal sealed class OpenAiErrorWriter : IErrorWriter
{
    public static readonly OpenAiErrorWriter Instance = new();

    public void Write(GatewayError error, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("message"u8, error.Message);
        writer.WriteString("type"u8, TypeOf(error.Kind));
        WriteNullable(writer, "param"u8, error.Param);
        WriteNullable(writer, "code"u8, error.Code ?? CodeOf(error.Kind));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string TypeOf(GatewayErrorKind kind) => kind switch
    {
        GatewayErrorKind.InvalidRequest or GatewayErrorKind.NotFound or GatewayErrorKind.RequestTooLarge => "invalid_request_error",
        GatewayErrorKind.Authentication => "authentication_error",
        GatewayErrorKind.PermissionDenied => "permission_error",
        GatewayErrorKind.RateLimited => "rate_limit_error",
        GatewayErrorKind.BudgetExceeded => "insufficient_quota",
        GatewayErrorKind.ContentFiltered => "content_filter",
        _ => "server_error",
    };

    private static string? CodeOf(GatewayErrorKind kind) => kind switch
    {
        GatewayErrorKind.RateLimited => "rate_limit_exceeded",
        GatewayErrorKind.BudgetExceeded => "insufficient_quota",
        GatewayErrorKind.ContentFiltered => "content_filter",
        _ => null,
    };
}
