namespace AiGateway.Processor.Translation;

internal sealed record ChatMessage(ChatRole Role, IReadOnlyList<ContentPart> Parts);
