using System.Buffers;
using System.Globalization;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Routing;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Turns the provider's response into the client's format with the translator of the LAST attempt (DESIGN.md §2):
/// streaming 200s switch the body to STREAMED and are translated chunk by chunk; other bodies are translated whole;
/// provider errors (and Envoy's own local replies) become errors in the client's format with a meaningful status.
/// Usage seen so far is kept on the exchange for settlement and records; a stream that ends before the provider's final
/// usage gets an estimate instead (adr/019-estimated-usage-for-cut-streams.md).
/// </summary>
internal sealed class ResponseTranslationStage : IExchangeStage, IExchangeEndObserver
{
    private static readonly Budgets.ChatTokenEstimator LengthEstimator = new(Budgets.TextLengthTokenCounter.Instance);

    private readonly TimeProvider _time;
    private readonly Credentials.SecretResolver _secrets;
    private readonly Budgets.ChatTokenEstimator _estimator;

    public ResponseTranslationStage(TimeProvider time, Credentials.SecretResolver secrets, Budgets.ChatTokenEstimator estimator)
    {
        _time = time;
        _secrets = secrets;
        _estimator = estimator;
    }

    public ExchangePhases Phases => ExchangePhases.ResponseHeaders | ExchangePhases.ResponseBody;

    public FilterLevel Levels => FilterLevel.Router;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (exchange.Endpoint == ExtProc.ClientEndpoint.AnthropicCountTokens && exchange.Routed is not null)
        {
            return CountTokens(context, exchange);
        }

        if (exchange.Routed?.Parsed is not { } parsed)
        {
            return StageResult.Continue;
        }

        return context.Phase == ExchangePhases.ResponseHeaders ? Headers(context, exchange, parsed) : Body(context, exchange);
    }

    public void OnExchangeEnd(Exchange exchange)
    {
        // Usage was copied after every body message, so a cut or a disconnect keeps what was seen; what the provider
        // never reported is estimated from what passed through.
        if (exchange.ResponseTranslator is { } translator)
        {
            EstimateIfCut(exchange, translator);
            exchange.ResponseEnd = (translator.FinishReason, translator.StreamError);
            translator.Dispose();
            exchange.ResponseTranslator = null;
        }
    }

    private StageResult Headers(PhaseContext context, Exchange exchange, ParsedRequest parsed)
    {
        context.TryGetHeader(":status", out var statusText);
        var status = int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 502;
        context.TryGetHeader("x-amzn-errortype", out var amznErrorType);
        context.TryGetHeader("retry-after", out var retryAfter);
        exchange.UpstreamStatus = (status, amznErrorType.Length > 0 ? amznErrorType : null, retryAfter.Length > 0 ? retryAfter : null);
        if (status == 401 && exchange.Routed!.LastAttempt?.Provider.ApiKey is { } key)
        {
            // The provider refused our key: it may have been rotated. Read it again for the next request.
            _secrets.Invalidate(key);
        }

        // Envoy's own local replies (connect failure, timeout) come with no attempt behind them: they are errors too.
        var provider = exchange.Routed!.LastAttempt is { } backend
            ? TranslatingRequestBuilder.ProviderSchema(backend, parsed.Schema)
            : parsed.Schema;
        context.TryGetHeader("x-amzn-requestid", out var providerRequestId);
        var translator = ExchangeTranslators.For(parsed.Schema, provider)
            .CreateResponseTranslator(parsed, ResponseContext.Create(exchange.Model ?? parsed.Model, providerRequestId.Length > 0 ? providerRequestId : null, _time));
        exchange.ResponseTranslator?.Dispose();
        exchange.ResponseTranslator = translator;

        if (status is >= 200 and < 300 && parsed.Stream)
        {
            context.StreamResponseBody();
            context.SetHeader("content-type", translator.StreamContentType);
        }
        else if (status is >= 200 and < 300)
        {
            context.SetHeader("content-type", "application/json");
        }

        // The body is rewritten: an encoding the provider applied no longer describes it.
        context.RemoveHeader("content-encoding");
        return StageResult.Continue;
    }

    /// <summary>count_tokens answers: Anthropic's pass through; Bedrock's are rewritten; errors become Anthropic errors.</summary>
    private static StageResult CountTokens(PhaseContext context, Exchange exchange)
    {
        if (context.Phase == ExchangePhases.ResponseHeaders)
        {
            context.TryGetHeader(":status", out var statusText);
            context.TryGetHeader("retry-after", out var retryAfter);
            exchange.UpstreamStatus = (int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 502, null, retryAfter.Length > 0 ? retryAfter : null);
            context.RemoveHeader("content-encoding");
            return StageResult.Continue;
        }

        var (status, _, retry) = exchange.UpstreamStatus;
        var fromBedrock = exchange.Routed!.LastAttempt?.Provider.Kind == Configuration.ProviderKind.Bedrock;
        if (status is >= 200 and < 300 && !fromBedrock)
        {
            return StageResult.Continue;
        }

        if (status is >= 200 and < 300 && CountTokensRequests.FromBedrock(context.Body.Span) is { } rewritten)
        {
            context.ReplaceBody(rewritten);
            return StageResult.Continue;
        }

        var error = status is >= 200 and < 300 ? CountTokensRequests.Error(502, null) : CountTokensRequests.Error(status, retry);
        context.SetHeader(":status", error.Status.ToString(CultureInfo.InvariantCulture));
        context.SetHeader("content-type", "application/json");
        context.ReplaceBody(CountTokensRequests.Write(error, exchange.ErrorWriter));
        return StageResult.Continue;
    }

    private StageResult Body(PhaseContext context, Exchange exchange)
    {
        if (exchange.ResponseTranslator is not { } translator)
        {
            return StageResult.Continue;
        }

        var output = exchange.ResponseBuffer;
        output.ResetWrittenCount();
        var (status, amznErrorType, retryAfter) = exchange.UpstreamStatus;
        if (exchange.ResponseStreamed)
        {
            translator.TranslateStream(context.Body.Span, context.EndOfStream, output);
        }
        else if (status is >= 200 and < 300)
        {
            if (translator.TranslateBody(context.Body.Span, output) is { } bad)
            {
                return StageResult.Reject(bad);
            }
        }
        else
        {
            var error = translator.TranslateError(status, amznErrorType, retryAfter, context.Body.Span);
            exchange.ErrorWriter.Write(error, output);
            context.SetHeader(":status", error.Status.ToString(CultureInfo.InvariantCulture));
            context.SetHeader("content-type", "application/json");
            foreach (var (name, value) in error.Headers)
            {
                context.SetHeader(name, value);
            }
        }

        if (!exchange.UsageEstimated)
        {
            exchange.Usage = translator.Usage;
        }

        if (exchange.ResponseStreamed && (context.EndOfStream || translator.Tally.Ended))
        {
            // Before the usage metadata stage reads the final usage at the last message (the settlement reads it too).
            EstimateIfCut(exchange, translator);
        }

        // A same-schema answer usually comes out byte for byte as it went in: then the answer to Envoy carries no body
        // (Envoy keeps its own), instead of sending the same bytes back (docs/performance.md, "Found by profiling:
        // session 5"). Errors always carry the client-format body they were given above.
        var isError = !exchange.ResponseStreamed && status is < 200 or >= 300;
        if (isError || !output.WrittenSpan.SequenceEqual(context.Body.Span))
        {
            context.ReplaceBody(output.WrittenMemory);
        }

        return StageResult.Continue;
    }

    /// <summary>
    /// A streamed answer the provider started but whose final usage never came (client disconnect, provider cut or
    /// error event) is recorded and settled at an estimate, marked as such; nothing streamed means nothing to estimate.
    /// </summary>
    private void EstimateIfCut(Exchange exchange, IResponseTranslator translator)
    {
        var tally = translator.Tally;
        if (!exchange.ResponseStreamed || exchange.UsageEstimated || !Budgets.StreamUsageEstimate.Needed(tally))
        {
            return;
        }

        var input = tally.Usage.TotalInputTokens > 0 ? 0 : AdmissionInputTokens(exchange);
        exchange.Usage = Budgets.StreamUsageEstimate.Of(tally, input);
        exchange.UsageEstimated = true;
    }

    /// <summary>
    /// The admission estimate's input (counted at admission when budgets or token limits apply, otherwise now, once:
    /// with o200k when the tokenizer is already loaded, else from text length).
    /// </summary>
    private long AdmissionInputTokens(Exchange exchange)
    {
        if (exchange.AdmissionEstimate is { } known)
        {
            return known.InputTokens;
        }

        if (exchange.Routed?.Parsed is not { } parsed)
        {
            return 0;
        }

        var config = exchange.Snapshot.Config;
        var factor = config.Models.TryGetValue(exchange.Model ?? parsed.Model, out var model)
            ? Budgets.ChatTokenEstimator.Factor(config, model)
            : Budgets.ChatTokenEstimator.OtherTokenizerFactor;
        // Never load the tokenizer for this: a gateway whose admission counts no tokens estimates from text length.
        var estimator = Budgets.InputTokenEstimator.IsLoaded ? _estimator : LengthEstimator;
        return estimator.Estimate(parsed.Chat, factor);
    }
}
