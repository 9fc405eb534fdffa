namespace AiGateway.FakeProviders.Scripting;

/// <summary>Reasoning text with its signature (Anthropic <c>thinking</c>, Bedrock <c>reasoningContent</c>).</summary>
public sealed record ReplyThinking(string Text, string Signature) : ReplyBlock;
