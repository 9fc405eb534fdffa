namespace AiGateway.Processor.Translation;

/// <summary>One block of message content. <see cref="Cache"/> marks a cache breakpoint right after this block.</summary>
internal abstract record ContentPart
{
    public CacheControl? Cache { get; init; }
}
