namespace AiGateway.Processor.Translation;

/// <summary>Chooses the translator for a (client schema, provider schema) pair. Translators are stateless and cached.</summary>
internal static class ExchangeTranslators
{
    private static readonly IExchangeTranslator[,] Table = Build();

    /// <summary>Same family → <see cref="PassthroughTranslator"/>; otherwise <see cref="BridgingTranslator"/>.</summary>
    public static IExchangeTranslator For(ApiSchema client, ApiSchema provider) => Table[(int)client, (int)provider];

    public static bool IsPassthrough(ApiSchema client, ApiSchema provider) =>
        (SchemaCodecs.IsOpenAiFamily(client) && SchemaCodecs.IsOpenAiFamily(provider))
        || (SchemaCodecs.IsAnthropicFamily(client) && SchemaCodecs.IsAnthropicFamily(provider));

    private static IExchangeTranslator[,] Build()
    {
        var count = Enum.GetValues<ApiSchema>().Length;
        var table = new IExchangeTranslator[count, count];
        for (var client = 0; client < count; client++)
        {
            for (var provider = 0; provider < count; provider++)
            {
                var c = (ApiSchema)client;
                var p = (ApiSchema)provider;
                table[client, provider] = IsPassthrough(c, p) ? new PassthroughTranslator(c, p) : new BridgingTranslator(c, p);
            }
        }

        return table;
    }
}
