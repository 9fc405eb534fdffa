using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.Translation;

/// <summary>Translation log events (ids 700–799). Field names only: never values, bodies or keys.</summary>
internal static partial class TranslationLog
{
    [LoggerMessage(700, LogLevel.Debug, "Request fields with no equivalent for {Provider} were dropped from a {Client} request: {Fields}", EventName = "FieldsDropped")]
    public static partial void FieldsDropped(ILogger logger, ApiSchema client, ApiSchema provider, string fields);

    /// <summary>Call after a bridged translation: logs the client's top-level fields the neutral model does not carry.</summary>
    public static void LogDroppedFields(ILogger logger, ParsedRequest request, IExchangeTranslator translator)
    {
        if (translator is BridgingTranslator && request.Chat.DroppedFields.Count > 0 && logger.IsEnabled(LogLevel.Debug))
        {
            FieldsDropped(logger, translator.Client, translator.Provider, string.Join(",", request.Chat.DroppedFields));
        }
    }
}
