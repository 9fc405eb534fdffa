namespace AiGateway.Processor.Configuration;

/// <summary>A provider plus the model id it is called with (a Bedrock inference profile, an Azure deployment, …).</summary>
internal sealed record BackendConfig
{
    public string Provider { get; init; } = "";

    public string Model { get; init; } = "";

    /// <summary>
    /// Bedrock only: force Converse or InvokeModel for every client (adr/007). Unset = by client family: InvokeModel for
    /// Anthropic clients, Converse for OpenAI clients. Converse is needed for non-Claude models behind Anthropic clients.
    /// </summary>
    public BedrockApi? Api { get; init; }

    /// <summary>Prices over time (USD per million tokens); a backend without prices is costed at zero (and logged at start).</summary>
    public List<PriceConfig> Pricing { get; init; } = [];
}
