using System.Text.Json;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Routing;

/// <summary>
/// Resolves the public model named in the request body to its route and asks Envoy to route on it: sets
/// <c>x-aigw-route</c> and clears the route cache (which needs a header mutation in the same answer, §3.10).
/// Bad input gets a 400 in the client's format naming the field; an unknown model a 404.
/// </summary>
internal sealed class ModelRouteStage : IExchangeStage
{
    public const string RouteHeader = "x-aigw-route";

    private readonly RequestStore _requests;

    public ModelRouteStage(RequestStore requests)
    {
        _requests = requests;
    }

    public ExchangePhases Phases => ExchangePhases.RequestBody;

    public FilterLevel Levels => FilterLevel.Router;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (exchange.Endpoint is not (ClientEndpoint.OpenAiChatCompletions or ClientEndpoint.AnthropicMessages or ClientEndpoint.AnthropicCountTokens))
        {
            return StageResult.Continue;
        }

        // Kept without a copy although the saved request (and every attempt) outlives this message: protobuf parses a
        // bytes field into an array of its own that nothing reuses or changes (the 8 KB copy was one allocation per
        // request on the hot path).
        var body = context.Body;
        ParsedRequest? parsed = null;
        string model;
        if (exchange.Endpoint == ClientEndpoint.AnthropicCountTokens)
        {
            if (ReadModel(body.Span, out model) is { } countError)
            {
                return StageResult.Reject(countError);
            }
        }
        else
        {
            var schema = exchange.Endpoint == ClientEndpoint.AnthropicMessages ? ApiSchema.Anthropic : ApiSchema.OpenAi;
            if (ClientRequestParser.TryParse(schema, body, out parsed) is { } parseError)
            {
                return StageResult.Reject(parseError);
            }

            model = parsed!.Model;
        }

        if (!exchange.Snapshot.ModelNames.TryGetValue(model, out var route))
        {
            return StageResult.Reject(GatewayError.NotFound(
                $"The model '{Shorten(model)}' does not exist on this gateway. GET /v1/models lists the models you can use.",
                code: "model_not_found") with { Param = "model" });
        }

        exchange.Model = route;
        if (exchange.Endpoint == ClientEndpoint.AnthropicCountTokens
            && BackendTarget.Resolve(exchange.Snapshot, exchange.Snapshot.Config.Models[route].Backends[0]) is { Provider.Kind: not (Configuration.ProviderKind.Anthropic or Configuration.ProviderKind.Bedrock) })
        {
            // Only Anthropic and Bedrock count tokens; for the others the gateway estimates (and says so).
            return StageResult.Respond(CountTokensRequests.Estimate(body.Span));
        }

        var requestId = exchange.RequestId ?? UniqueIds.New();
        RoutedRequest routed;
        while (!_requests.TryAdd(routed = new RoutedRequest(requestId, exchange.Endpoint, route, body)
        {
            Parsed = parsed,
            AnthropicBetas = exchange.AnthropicBetas,
            DefaultMaxTokens = exchange.Snapshot.Config.Models[route].DefaultMaxTokens,
        }))
        {
            // The id is taken (a client may choose x-request-id when Envoy preserves it): never share state.
            requestId = UniqueIds.New();
        }

        if (routed.RequestId != exchange.RequestId)
        {
            exchange.RequestId = routed.RequestId;
            context.SetHeader(RequestIdStage.HeaderName, routed.RequestId);
        }

        exchange.Routed = routed;
        context.SetHeader(RouteHeader, route);
        context.ClearRouteCache();
        return StageResult.Continue;
    }

    /// <summary>Finds the top-level <c>model</c> string (count_tokens bodies, which are not full chat requests).</summary>
    internal static GatewayError? ReadModel(ReadOnlySpan<byte> body, out string model)
    {
        model = "";
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return GatewayError.InvalidRequest("The request body must be a JSON object.");
            }

            string? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals("model"u8);
                reader.Read();
                if (isModel)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return GatewayError.InvalidRequest("'model' must be a string.", "model");
                    }

                    found = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            // Read to the end so trailing garbage is reported as malformed JSON, not ignored.
            while (reader.Read())
            {
            }

            if (string.IsNullOrEmpty(found))
            {
                return GatewayError.InvalidRequest("'model' is required.", "model");
            }

            model = found;
            return null;
        }
        catch (JsonException e)
        {
            return GatewayError.InvalidRequest($"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
