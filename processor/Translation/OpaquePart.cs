namespace AiGateway.Processor.Translation;

/// <summary>
/// A content block the neutral model does not interpret (e.g. Anthropic server-tool blocks, OpenAI <c>input_audio</c>),
/// kept as raw JSON. Only a writer of the <see cref="Origin"/> schema may emit it; other writers answer 400.
/// </summary>
internal sealed record OpaquePart(ApiSchema Origin, string Type, string Json, string Path) : ContentPart;
