namespace AiGateway.Processor.Configuration;

/// <summary>A provider plus the model id it is called with (a Bedrock inference profile, an Azure deployment, …).</summary>
internal sealed record BackendConfig
{
    public string Provider { get; init; } = "";

    public string Model { get; init; } = "";
}
