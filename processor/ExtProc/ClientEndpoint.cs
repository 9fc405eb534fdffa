namespace AiGateway.Processor.ExtProc;

/// <summary>The client-facing endpoint a request was sent to, detected from <c>:method</c> and <c>:path</c>.</summary>
internal enum ClientEndpoint
{
    Unknown,
    OpenAiChatCompletions,
    AnthropicMessages,
    AnthropicCountTokens,
    Models,
}
