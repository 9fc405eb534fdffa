namespace AiGateway.Processor.Translation;

/// <summary>
/// A tool call by the assistant. <see cref="Arguments"/> is the raw JSON text exactly as received (OpenAI's string
/// content, or Anthropic/Bedrock's <c>input</c> object as written), so nothing is re-serialized on the way through.
/// </summary>
internal sealed record ToolCallPart(string Id, string Name, string Arguments) : ContentPart;
