namespace AiGateway.Processor.Translation;

/// <summary>Encrypted reasoning (Anthropic <c>redacted_thinking.data</c>, Bedrock <c>reasoningContent.redactedContent</c>), kept byte-identical.</summary>
internal sealed record RedactedThinkingPart(string Data) : ContentPart;
