namespace AiGateway.Processor.Translation;

/// <summary>Conversation roles of the neutral model. System prompts live in <see cref="ChatRequest.System"/>, tool results in user turns.</summary>
internal enum ChatRole
{
    User,
    Assistant,
}
