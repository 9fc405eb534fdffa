namespace AiGateway.Processor.Translation;

/// <summary>What the upstream request needs besides its body: <c>:path</c> (with query), <c>content-type</c> and <c>accept</c>.</summary>
internal sealed record ProviderRequest(string Path, string ContentType, string Accept);
