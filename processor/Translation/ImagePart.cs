namespace AiGateway.Processor.Translation;

/// <summary>An image, either inline (<see cref="MediaType"/> + base64 <see cref="Data"/>, kept as the same base64 text) or by <see cref="Url"/>.</summary>
internal sealed record ImagePart(string? MediaType, string? Data, string? Url) : ContentPart;
