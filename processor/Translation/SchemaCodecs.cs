using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Schemas.Anthropic;
using AiGateway.Processor.Schemas.Bedrock;
using AiGateway.Processor.Schemas.OpenAi;

namespace AiGateway.Processor.Translation;

/// <summary>Which schema class reads or writes what: the one place that maps an <see cref="ApiSchema"/> to its codec parts.</summary>
internal static class SchemaCodecs
{
    /// <summary>Throws <see cref="RequestFieldException"/> when the request cannot be expressed for the provider.</summary>
    public static void WriteRequest(ChatRequest request, TranslationTarget target, IBufferWriter<byte> output)
    {
        switch (target.Schema)
        {
            case ApiSchema.OpenAi or ApiSchema.AzureOpenAi:
                OpenAiRequestWriter.Write(request, target, output);
                break;
            case ApiSchema.Anthropic:
                AnthropicRequestWriter.Write(request, target, invoke: false, output);
                break;
            case ApiSchema.BedrockInvoke:
                AnthropicRequestWriter.Write(request, target, invoke: true, output);
                break;
            case ApiSchema.BedrockConverse:
                BedrockConverseRequestWriter.Write(request, target, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.Schema, "Unknown provider schema.");
        }
    }

    /// <summary>Null when the body is not a usable response of that schema; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static ChatResponse? ReadResponse(ApiSchema provider, ReadOnlySpan<byte> body) => provider switch
    {
        ApiSchema.OpenAi or ApiSchema.AzureOpenAi => OpenAiResponseReader.Read(body),
        ApiSchema.Anthropic or ApiSchema.BedrockInvoke => AnthropicResponseReader.Read(body),
        ApiSchema.BedrockConverse => BedrockConverseResponseReader.Read(body),
        _ => null,
    };

    public static void WriteResponse(ApiSchema client, ChatResponse response, ResponseContext context, IBufferWriter<byte> output)
    {
        if (IsOpenAiFamily(client))
        {
            OpenAiResponseWriter.Write(response, context, output);
        }
        else
        {
            AnthropicResponseWriter.Write(response, context, output);
        }
    }

    public static IProviderStreamDecoder CreateDecoder(ApiSchema provider, ApiSchema client) => provider switch
    {
        ApiSchema.OpenAi or ApiSchema.AzureOpenAi => new OpenAiStreamDecoder(client),
        ApiSchema.Anthropic => new AnthropicStreamDecoder(client),
        ApiSchema.BedrockConverse => new BedrockConverseStreamDecoder(client),
        ApiSchema.BedrockInvoke => new BedrockInvokeStreamDecoder(client),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider schema."),
    };

    public static IClientStreamEncoder CreateEncoder(ApiSchema client, ResponseContext context, bool includeUsage) =>
        IsOpenAiFamily(client) ? new OpenAiStreamEncoder(context, includeUsage) : new AnthropicStreamEncoder(context);

    public static IErrorWriter ErrorWriter(ApiSchema client) =>
        IsOpenAiFamily(client) ? OpenAiErrorWriter.Instance : AnthropicErrorWriter.Instance;

    public static void WriteStreamError(ApiSchema client, GatewayError error, IBufferWriter<byte> output)
    {
        if (IsOpenAiFamily(client))
        {
            OpenAiStreamEncoder.WriteError(error, output);
        }
        else
        {
            AnthropicStreamEncoder.WriteError(error, output);
        }
    }

    public static bool IsOpenAiFamily(ApiSchema schema) => schema is ApiSchema.OpenAi or ApiSchema.AzureOpenAi;

    public static bool IsAnthropicFamily(ApiSchema schema) => schema is ApiSchema.Anthropic or ApiSchema.BedrockInvoke;
}
