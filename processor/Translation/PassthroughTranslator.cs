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
    private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText Stream = JsonEncodedText.Encode("stream");
    private static readonly JsonEncodedText StreamOptions = JsonEncodedText.Encode("stream_options");
    private static readonly JsonEncodedText AnthropicVersion = JsonEncodedText.Encode("anthropic_version");
    private static readonly JsonEncodedText AnthropicBeta = JsonEncodedText.Encode("anthropic_beta");

    public PassthroughTranslator(ApiSchema client, ApiSchema provider)
    {
        Client = client;
        Provider = provider;
    }

    public ApiSchema Client { get; }

    public ApiSchema Provider { get; }

    /// <summary>
    /// Writes the patched body, or nothing when the patches leave the client's bytes as they are (the model id the
    /// client already named, <c>include_usage</c> already asked for): then <see cref="ProviderRequest.ClientBodyAsIs"/>
    /// is set and the client's body goes on unchanged, uncopied.
    /// </summary>
    public GatewayError? TranslateRequest(ParsedRequest request, TranslationTarget target, IBufferWriter<byte> body, out ProviderRequest? providerRequest)
    {
        var model = JsonSerializer.SerializeToUtf8Bytes(target.ModelId, JsonValueContext.Default.String);
        var patches = Provider switch
        {
            ApiSchema.BedrockInvoke => [new BodyPatch(Model, null), new BodyPatch(Stream, null), new BodyPatch(AnthropicVersion, BedrockVersion), BetaPatch(target)],
            ApiSchema.OpenAi or ApiSchema.AzureOpenAi when target.Stream => [new BodyPatch(Model, model), new BodyPatch(StreamOptions, StreamOptionsWithUsage(request.Chat.StreamOptionsJson.Span))],
            _ => new[] { new BodyPatch(Model, model) },
        };
        var changed = JsonBodyPatcher.Apply(request.Body.Span, patches, body);
        providerRequest = ProviderPaths.For(target, clientBodyAsIs: !changed);
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
        return new BodyPatch(AnthropicBeta, betas.Count == 0 ? null : JsonSerializer.SerializeToUtf8Bytes(betas, JsonValueContext.Default.IReadOnlyListString));
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
