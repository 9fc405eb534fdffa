namespace AiGateway.Processor.Translation;

/// <summary>The result of a tool call, sent in a user turn. <see cref="Content"/> holds text, image or document parts.</summary>
internal sealed record ToolResultPart(string ToolCallId, PartList Content, bool IsError) : ContentPart;
