namespace AiGateway.Processor.Translation;

/// <summary>One turn of the conversation: a value, so a request's messages are one array (issue 5, objects per KB).</summary>
internal readonly record struct ChatMessage(ChatRole Role, PartList Parts);
