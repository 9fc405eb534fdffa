namespace AiGateway.Processor.Translation;

/// <summary>A document: base64 <see cref="Data"/> of <see cref="MediaType"/> (e.g. application/pdf), or plain <see cref="Text"/>, or a <see cref="Url"/>.</summary>
internal sealed record DocumentPart(string? MediaType, string? Data, string? Text, string? Url, string? Name) : ContentPart;
