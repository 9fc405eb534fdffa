using System.Buffers;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Per-response, stateful: turns the provider's answer into the client's format and keeps the usage seen so far
/// (also valid after a cut or a client disconnect). Not thread-safe; one per upstream response. Dispose returns
/// pooled buffers.
/// </summary>
internal interface IResponseTranslator : IDisposable
{
    /// <summary>Content type of the translated stream for the client (<c>text/event-stream</c>).</summary>
    string StreamContentType { get; }

    /// <summary>Usage seen so far (cumulative; complete once the stream or body is done).</summary>
    Usage Usage { get; }

    /// <summary>What the stream showed so far, including how much answer passed through (for usage estimates).</summary>
    StreamTally Tally { get; }

    FinishReason? FinishReason { get; }

    /// <summary>True once the provider's response ended properly (stream: final event seen).</summary>
    bool Completed { get; }

    /// <summary>The error sent in-stream to the client, if any (provider error event, framing fault, cut).</summary>
    GatewayError? StreamError { get; }

    /// <summary>A non-streaming 2xx body → the client's body. A malformed provider body → 502 error, nothing written.</summary>
    GatewayError? TranslateBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output);

    /// <summary>
    /// One chunk of a streaming 2xx body. Whole client events are written as soon as whole provider events arrive;
    /// partial lines and frames wait for the next chunk. At <paramref name="endOfStream"/> a stream that did not finish
    /// gets an error event in the client's format (never a clean close).
    /// </summary>
    void TranslateStream(ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output);

    /// <summary>A provider HTTP error (any non-2xx) → the error the client gets (render with the client's <see cref="IErrorWriter"/>).</summary>
    GatewayError TranslateError(int status, string? amznErrorType, string? retryAfter, ReadOnlySpan<byte> body);

    /// <summary>Writes an in-stream error event in the client's format, e.g. when the gateway itself aborts the stream.</summary>
    void WriteStreamError(GatewayError error, IBufferWriter<byte> output);
}
