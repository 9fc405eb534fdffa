namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>Receives each raw Anthropic event JSON carried inside a Bedrock InvokeModel stream.</summary>
internal interface IAnthropicEventTap
{
    void OnAnthropicEvent(ReadOnlySpan<byte> json);
}
