using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Routing;

/// <summary>
/// Detects the client API from <c>:method</c> and <c>:path</c> (query string ignored: Claude Code sends
/// <c>/v1/messages?beta=true</c>). Anything else gets a 404 in OpenAI's error format.
/// </summary>
internal sealed class ClientEndpointStage : IExchangeStage
{
    public ExchangePhases Phases => ExchangePhases.RequestHeaders;

    public FilterLevel Levels => FilterLevel.Router | FilterLevel.Upstream;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        context.TryGetHeader(":method", out var method);
        context.TryGetHeader(":path", out var pathAndQuery);
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        exchange.Method = method;
        exchange.Path = path;
        exchange.Endpoint = Detect(method, path);
        if (context.TryGetHeader("anthropic-beta", out var betas))
        {
            exchange.AnthropicBetas = betas.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (exchange.Endpoint != ClientEndpoint.Unknown || exchange.Level == FilterLevel.Upstream)
        {
            return StageResult.Continue;
        }

        return StageResult.Reject(GatewayError.NotFound(
            $"Unknown endpoint {method} {Shorten(path)}. This gateway serves POST /v1/chat/completions (OpenAI), POST /v1/messages and POST /v1/messages/count_tokens (Anthropic), and GET /v1/models.",
            code: "unknown_url"));
    }

    internal static ClientEndpoint Detect(string method, string path) => (method, path.TrimEnd('/')) switch
    {
        ("POST", "/v1/chat/completions") => ClientEndpoint.OpenAiChatCompletions,
        ("POST", "/v1/messages") => ClientEndpoint.AnthropicMessages,
        ("POST", "/v1/messages/count_tokens") => ClientEndpoint.AnthropicCountTokens,
        ("GET", "/v1/models") => ClientEndpoint.Models,
        _ => ClientEndpoint.Unknown,
    };

    private static string Shorten(string path) => path.Length <= 80 ? path : path[..80] + "…";
}
