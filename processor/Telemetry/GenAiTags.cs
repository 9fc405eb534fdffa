using System.Diagnostics;
using System.Globalization;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// The attributes of one client request as the GenAI semantic conventions name them, plus ours. Made once per
/// request when it ends (never per message).
/// </summary>
internal static class GenAiTags
{
    /// <summary>The only operation the gateway's model endpoints serve (gen-ai-spans.md: <c>chat</c>).</summary>
    public const string ChatOperation = "chat";

    public static TagList For(Exchange exchange)
    {
        var backend = exchange.Routed?.LastAttempt;
        var tags = new TagList
        {
            { TelemetryNames.OperationName, ChatOperation },
            { TelemetryNames.ProviderName, backend is null ? "_OTHER" : ProviderName(backend.Provider.Kind) },
            { TelemetryNames.RequestModel, exchange.Routed?.Parsed?.Model ?? exchange.Model },
            { TelemetryNames.ResponseModel, backend?.ModelId },
            { TelemetryNames.Team, exchange.Caller?.Team },
            { TelemetryNames.Route, exchange.Model },
            { TelemetryNames.Backend, backend?.BackendName },
        };
        if (ErrorType(exchange) is { } error)
        {
            tags.Add(TelemetryNames.ErrorType, error);
        }

        return tags;
    }

    /// <summary>
    /// The semconv's well-known <c>gen_ai.provider.name</c> values (gen-ai registry: openai, anthropic,
    /// aws.bedrock, azure.ai.openai).
    /// </summary>
    public static string ProviderName(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAi => "openai",
        ProviderKind.AzureOpenAi => "azure.ai.openai",
        ProviderKind.Anthropic => "anthropic",
        ProviderKind.Bedrock => "aws.bedrock",
        _ => "_OTHER",
    };

    /// <summary>
    /// <c>error.type</c>, set only when the request failed: the gateway's error kind, else the provider's HTTP status
    /// code, else what happened to the stream. Low-cardinality, as the convention asks.
    /// </summary>
    public static string? ErrorType(Exchange exchange)
    {
        if (exchange.Rejection is { } rejection)
        {
            return rejection.Details;
        }

        var status = exchange.UpstreamStatus.Status;
        return exchange.Outcome switch
        {
            "ok" => null,
            "incomplete" when status == 0 => "no_response",
            "incomplete" => "incomplete",
            _ when (exchange.ResponseTranslator?.StreamError ?? exchange.ResponseEnd.StreamError) is { } streamError => streamError.Details,
            _ => status.ToString(CultureInfo.InvariantCulture),
        };
    }
}
