namespace AiGateway.FakeProviders.Scripting;

/// <summary>
/// How a reply misbehaves. Combine freely: a delay applies first, then a reset or an error status,
/// else the reply streams and may be cut, corrupted or broken by an in-band error after some chunks.
/// A chunk is one SSE event or one event-stream frame.
/// </summary>
public sealed record ReplyFault
{
    /// <summary>Wait before sending headers (or before resetting).</summary>
    public TimeSpan DelayBeforeHeaders { get; init; }

    /// <summary>Abort the connection before any response byte (HTTP/2: RST_STREAM).</summary>
    public bool ResetBeforeHeaders { get; init; }

    /// <summary>
    /// Answer with this status and the provider's own error body instead of the reply; with
    /// <see cref="StreamErrorAfterChunks"/> it only picks the in-band error's type.
    /// </summary>
    public int? Status { get; init; }

    /// <summary>Provider error type to use instead of the status's usual one (e.g. <c>ModelNotReadyException</c>).</summary>
    public string? ErrorType { get; init; }

    public string? Message { get; init; }

    /// <summary>Sent as <c>retry-after</c> (whole seconds) with an error status.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Abort the connection after this many stream chunks have been flushed.</summary>
    public int? CutAfterChunks { get; init; }

    /// <summary>Send the event-stream frame with this zero-based index with a wrong message CRC.</summary>
    public int? CorruptFrameAt { get; init; }

    /// <summary>After this many chunks send the provider's in-band stream error and end the stream.</summary>
    public int? StreamErrorAfterChunks { get; init; }

    /// <summary>Pause between stream chunks.</summary>
    public TimeSpan DelayBetweenChunks { get; init; }
}
