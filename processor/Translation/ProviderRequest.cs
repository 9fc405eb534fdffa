namespace AiGateway.Processor.Translation;

/// <summary>What the upstream request needs besides its body: <c>:path</c> (with query), <c>content-type</c> and <c>accept</c>.</summary>
internal sealed record ProviderRequest(string Path, string ContentType, string Accept)
{
    /// <summary>
    /// The provider body is the client's body byte for byte: the translator wrote nothing, and the request goes on
    /// with the client's bytes (passthrough whose patches change nothing).
    /// </summary>
    public bool ClientBodyAsIs { get; init; }
}
