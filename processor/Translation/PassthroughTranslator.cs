using System.Buffers;
using System.Text.Json;
using AiGateway.Processor.Schemas.Anthropic;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Same schema family (OpenAI → OpenAI/Azure, Anthropic → Anthropic/Bedrock InvokeModel): the client bytes pass with only
/// targeted patches (DESIGN §3): the model id; <c>stream_options.include_usage:true</c> on OpenAI streams so usage can be
/// metered (§1.4); for InvokeModel no <c>model</c>/<c>stream</c> and <c>anthropic_version: bedrock-2023-05-31</c> (§8).
/// </summary>
internal sealed class PassthroughTranslator : IExchangeTranslator
{
    private static readonly byte[] BedrockVersion = JsonSerializer.SerializeToUtf8Bytes(AnthropicRequestWriter.BedrockAnthropicVersion, JsonValueContext.Default.String);

    public PassthroughTranslator(ApiSchema client, ApiSchema provider)
    {
        Client = client;
        Provider = provider;
    }

    public ApiSchema Client { get; }

    public ApiSchema Provider { get; }

    public GatewayError? TranslateRequest(ParsedRequest request, TranslationTarget target, IBufferWriter<byte> body, out ProviderRequest? providerRequest)
    {
        var model = JsonSerializer.SerializeToUtf8Bytes(target.ModelId, JsonValueContext.Default.String);
        var patches = Provider switch
        {
            ApiSchema.BedrockInvoke => [new BodyPatch("model", null), new BodyPatch("stream", null), new BodyPatch("anthropic_version", BedrockVersion), BetaPatch(target)],
            ApiSchema.OpenAi or ApiSchema.AzureOpenAi when target.Stream => [new BodyPatch("model", model), new BodyPatch("stream_options", StreamOptionsWithUsage(request.Chat.StreamOptionsJson.Span))],
            _ => new[] { new BodyPatch("model", model) },
        };
        JsonBodyPatcher.Apply(request.Body.Span, patches, body);
        providerRequest = ProviderPaths.For(target);
        return null;
    }

    public IResponseTranslator CreateResponseTranslator(ParsedRequest request, ResponseContext context) =>
        SchemaCodecs.IsOpenAiFamily(Provider)
            ? new OpenAiPassthroughResponseTranslator(request.IncludeUsage)
            : new AnthropicPassthroughResponseTranslator(Provider);

    /// <summary>Allowed beta flags as a body array; with none, any client-sent <c>anthropic_beta</c> is removed.</summary>
    private static BodyPatch BetaPatch(TranslationTarget target)
    {
        var betas = BedrockBetas.Filter(target.AnthropicBetas, target.AllowedAnthropicBetas);
        return new BodyPatch("anthropic_beta", betas.Count == 0 ? null : JsonSerializer.SerializeToUtf8Bytes(betas, JsonValueContext.Default.ListString));
    }

    /// <summary>
    /// The client's <c>stream_options</c> (<paramref name="options"/>, the parser's slice of the body; a repeated member
    /// counts as its last occurrence) with <c>include_usage:true</c>, its other members copied as written.
    /// </summary>
    private static byte[] StreamOptionsWithUsage(ReadOnlySpan<byte> options)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            if (!options.IsEmpty && options[0] == (byte)'{')
            {
                var reader = new Utf8JsonReader(options);
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var keep = !reader.ValueTextEquals("include_usage"u8);
                    if (keep)
                    {
                        if (reader.ValueIsEscaped)
                        {
                            writer.WritePropertyName(reader.GetString()!);
                        }
                        else
                        {
                            writer.WritePropertyName(reader.ValueSpan);
                        }
                    }

                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (keep)
                    {
                        writer.WriteRawValue(options[start..(int)reader.BytesConsumed], skipInputValidation: true);
                    }
                }
            }

            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
