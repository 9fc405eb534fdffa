namespace AiGateway.Processor.Translation;

/// <summary>Model reasoning text with its opaque signature, kept byte-identical (§2.6: replay unchanged).</summary>
internal sealed record ThinkingPart(string Text, string? Signature) : ContentPart;
