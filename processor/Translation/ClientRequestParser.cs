using System.Text.Json;
using AiGateway.Processor.Schemas.Anthropic;
using AiGateway.Processor.Schemas.OpenAi;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Parses and validates a client request body once. Bad input is a 400 <see cref="GatewayError"/> naming the field
/// (malformed JSON, wrong types, missing <c>messages</c>, unknown content type) — never an exception.
/// </summary>
internal static class ClientRequestParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    /// <param name="schema">The client API: <see cref="ApiSchema.OpenAi"/> or <see cref="ApiSchema.Anthropic"/>.</param>
    /// <param name="body">The client bytes; kept (not copied) by the returned request, so the caller must not reuse them.</param>
    public static GatewayError? TryParse(ApiSchema schema, ReadOnlyMemory<byte> body, out ParsedRequest? request)
    {
        request = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException exception)
        {
            return GatewayError.InvalidRequest(
                $"The request body is not valid JSON (line {(exception.LineNumber ?? 0) + 1}, byte {(exception.BytePositionInLine ?? 0) + 1}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return GatewayError.InvalidRequest("The request body must be a JSON object.");
            }

            try
            {
                var chat = schema switch
                {
                    ApiSchema.OpenAi or ApiSchema.AzureOpenAi => OpenAiRequestReader.Read(root, body),
                    ApiSchema.Anthropic or ApiSchema.BedrockInvoke => AnthropicRequestReader.Read(root, body),
                    _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, "Clients speak OpenAI or Anthropic only."),
                };
                request = new ParsedRequest(schema, body, chat);
                return null;
            }
            catch (RequestFieldException exception)
            {
                return exception.ToError();
            }
        }
    }
}
