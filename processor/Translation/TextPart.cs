namespace AiGateway.Processor.Translation;

internal sealed record TextPart(string Text) : ContentPart;
