using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.Translation;

/// <summary>Translation log events (ids 700–799). Field names only: never values, bodies or keys.</summary>
internal static partial class TranslationLog
{
    [LoggerMessage(700, LogLevel.Debug, "Request fields with no equivalent for {Provider} were dropped from a {Client} request: {Fields}", EventName = "FieldsDropped")]
    public static partial void FieldsDropped(ILogger logger, ApiSchema client, ApiSchema provider, string fields);

    [LoggerMessage(701, LogLevel.Debug, "Anthropic beta flags not accepted by {Provider} were not forwarded: {Flags}", EventName = "BetasDropped")]
    public static partial void BetasDropped(ILogger logger, ApiSchema provider, string flags);

    /// <summary>Call after a bridged translation: logs the client's top-level fields the neutral model does not carry.</summary>
    public static void LogDroppedFields(ILogger logger, ParsedRequest request, IExchangeTranslator translator)
    {
        if (translator is BridgingTranslator && request.Chat.DroppedFields.Count > 0 && logger.IsEnabled(LogLevel.Debug))
        {
            FieldsDropped(logger, translator.Client, translator.Provider, string.Join(",", request.Chat.DroppedFields));
        }
    }

    /// <summary>
    /// Logs the client's <c>anthropic-beta</c> flags a non-Anthropic provider does not get: Bedrock only takes its
    /// allow-list (§8, §7.10 item 20), OpenAI-family providers take none. Flag names are public identifiers, not secrets.
    /// </summary>
    public static void LogDroppedBetas(ILogger logger, TranslationTarget target)
    {
        if (target.AnthropicBetas.Count == 0 || target.Schema == ApiSchema.Anthropic || !logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var forwarded = target.Schema is ApiSchema.BedrockConverse or ApiSchema.BedrockInvoke
            ? BedrockBetas.Filter(target.AnthropicBetas, target.AllowedAnthropicBetas)
            : [];
        var dropped = BedrockBetas.All(target.AnthropicBetas);
        dropped.RemoveAll(forwarded.Contains);
        if (dropped.Count > 0)
        {
            BetasDropped(logger, target.Schema, string.Join(",", dropped));
        }
    }
}
