namespace AiGateway.Processor.Configuration;

/// <summary>The Bedrock runtime API a backend is called with (adr/007): Converse/ConverseStream or InvokeModel.</summary>
internal enum BedrockApi
{
    Converse,
    Invoke,
}
