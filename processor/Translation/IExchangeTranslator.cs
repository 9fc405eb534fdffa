using System.Buffers;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Translates between one client schema and one provider schema. Stateless and shared; per-request state lives in the
/// <see cref="IResponseTranslator"/> it creates. Get one from <see cref="ExchangeTranslators.For"/>.
/// </summary>
internal interface IExchangeTranslator
{
    ApiSchema Client { get; }

    ApiSchema Provider { get; }

    /// <summary>
    /// Writes the provider request body for one attempt, always from the original client request. Returns a 400 error
    /// (naming the field) when the request cannot be expressed for this provider; then nothing is written.
    /// </summary>
    GatewayError? TranslateRequest(ParsedRequest request, TranslationTarget target, IBufferWriter<byte> body, out ProviderRequest? providerRequest);

    /// <summary>A fresh per-response translator for the attempt that answers.</summary>
    IResponseTranslator CreateResponseTranslator(ParsedRequest request, ResponseContext context);
}
