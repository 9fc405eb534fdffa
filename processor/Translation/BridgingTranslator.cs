using System.Buffers;

namespace AiGateway.Processor.Translation;

/// <summary>Different schemas: client bytes → neutral model (parsed once) → provider bytes, and back for responses (DESIGN §3).</summary>
internal sealed class BridgingTranslator : IExchangeTranslator
{
    public BridgingTranslator(ApiSchema client, ApiSchema provider)
    {
        Client = client;
        Provider = provider;
    }

    public ApiSchema Client { get; }

    public ApiSchema Provider { get; }

    public GatewayError? TranslateRequest(ParsedRequest request, TranslationTarget target, IBufferWriter<byte> body, out ProviderRequest? providerRequest)
    {
        providerRequest = null;
        using var scratch = new PooledBufferWriter(Math.Max(256, request.Body.Length));
        try
        {
            SchemaCodecs.WriteRequest(request.Chat, target, scratch);
        }
        catch (RequestFieldException exception)
        {
            return exception.ToError();
        }

        // One exact-size request: the caller's writer may start empty (TranslatingRequestBuilder).
        scratch.WrittenSpan.CopyTo(body.GetSpan(scratch.Count));
        body.Advance(scratch.Count);
        providerRequest = ProviderPaths.For(target);
        return null;
    }

    public IResponseTranslator CreateResponseTranslator(ParsedRequest request, ResponseContext context) =>
        new BridgingResponseTranslator(Client, Provider, context, request.IncludeUsage);
}
