using AiGateway.Processor.Configuration;
using AiGateway.Processor.Translation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Processor.Routing;

/// <summary>
/// Builds each attempt's provider request with the translator for (client schema, backend schema): passthrough with
/// targeted patches for the same family, the neutral-model bridge otherwise (DESIGN.md §3). Always from the parsed
/// original request.
/// </summary>
internal sealed class TranslatingRequestBuilder : IProviderRequestBuilder
{
    /// <summary>The Anthropic API version the gateway speaks to Anthropic when the client sent none.</summary>
    public const string AnthropicVersion = "2023-06-01";

    private static readonly string[] AnthropicHeaders = ["anthropic-beta", "anthropic-version", "anthropic-dangerous-direct-browser-access"];

    private readonly ILogger _logger;

    public TranslatingRequestBuilder(ILogger<TranslatingRequestBuilder>? logger = null)
    {
        _logger = logger ?? NullLogger<TranslatingRequestBuilder>.Instance;
    }

    public (AttemptRequest? Request, GatewayError? Error) Build(RoutedRequest request, BackendTarget target)
    {
        if (request.Endpoint == ExtProc.ClientEndpoint.AnthropicCountTokens)
        {
            return CountTokensRequests.Build(request, target, ProviderSchema(target, ApiSchema.Anthropic));
        }

        if (request.Parsed is not { } parsed)
        {
            return (null, GatewayError.InvalidRequest("This endpoint cannot be sent to a provider."));
        }

        var schema = ProviderSchema(target, parsed.Schema);
        var translator = ExchangeTranslators.For(parsed.Schema, schema);
        var translationTarget = new TranslationTarget(schema, target.ModelId, parsed.Stream)
        {
            AzureApiVersion = target.Provider.ApiVersion ?? TranslationTarget.DefaultAzureApiVersion,
            AnthropicBetas = request.AnthropicBetas,
            AllowedAnthropicBetas = target.Provider.AnthropicBetas,
            DefaultMaxTokens = request.DefaultMaxTokens ?? 4096,
        };
        // Starts empty: a translator asks for its body's exact size once, and passthrough that patches nothing asks
        // for none (the client's body goes on as is).
        var body = new System.Buffers.ArrayBufferWriter<byte>();
        if (translator.TranslateRequest(parsed, translationTarget, body, out var providerRequest) is { } error)
        {
            return (null, error);
        }

        TranslationLog.LogDroppedFields(_logger, parsed, translator);
        TranslationLog.LogDroppedBetas(_logger, translationTarget);

        var headers = new List<KeyValuePair<string, string>> { new("accept", providerRequest!.Accept) };
        if (schema == ApiSchema.Anthropic)
        {
            headers.Add(new("anthropic-version", AnthropicVersion));
        }

        // Only Anthropic's own API reads anthropic-* headers; Bedrock gets the allowed betas in the body (§8).
        IReadOnlyList<string> removed = schema == ApiSchema.Anthropic ? [] : AnthropicHeaders;
        var providerBody = providerRequest.ClientBodyAsIs ? parsed.Body : body.WrittenMemory;
        return (new AttemptRequest(providerRequest.Path, providerBody, providerRequest.ContentType) { Headers = headers, RemovedHeaders = removed }, null);
    }

    /// <summary>
    /// The wire format a backend is called with. Bedrock speaks Converse to OpenAI clients and InvokeModel with the
    /// native Anthropic body to Anthropic clients (the Claude Code path: byte-faithful, provider-apis.md §8), unless
    /// the backend's <c>api</c> forces one for every client (adr/007).
    /// </summary>
    public static ApiSchema ProviderSchema(BackendTarget target, ApiSchema client) => target.Provider.Kind switch
    {
        ProviderKind.OpenAi => ApiSchema.OpenAi,
        ProviderKind.AzureOpenAi => ApiSchema.AzureOpenAi,
        ProviderKind.Anthropic => ApiSchema.Anthropic,
        _ => target.Api switch
        {
            BedrockApi.Converse => ApiSchema.BedrockConverse,
            BedrockApi.Invoke => ApiSchema.BedrockInvoke,
            _ => client == ApiSchema.Anthropic ? ApiSchema.BedrockInvoke : ApiSchema.BedrockConverse,
        },
    };
}
