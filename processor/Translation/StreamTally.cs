namespace AiGateway.Processor.Translation;

/// <summary>
/// What a response stream has shown so far: usage (cumulative), finish reason, completion, first error, and how much
/// answer passed through, so usage the provider never reported (a cut or a disconnect before its final usage) can be
/// estimated once at the end (adr/019-estimated-usage-for-cut-streams.md). Counting is one addition per delta.
/// </summary>
internal sealed class StreamTally
{
    public Usage Usage { get; private set; }

    public FinishReason? FinishReason { get; private set; }

    public bool Completed { get; private set; }

    public GatewayError? Error { get; private set; }

    /// <summary>Once an error is recorded or the message stopped, the stream is over for the client.</summary>
    public bool Ended => Completed || Error is not null;

    /// <summary>The provider started answering: a message start or an answer delta passed through.</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// The provider's final usage was seen: a usage event or a message delta with usage (OpenAI usage chunk, Anthropic
    /// <c>message_delta</c>, Bedrock <c>metadata</c>), or a whole body. A start event's usage (Anthropic
    /// <c>message_start</c>) is not final: it has the input, not the output.
    /// </summary>
    public bool FinalUsageSeen { get; private set; }

    /// <summary>Bytes of answer text and tool-call arguments streamed (UTF-8 bytes; characters for string deltas).</summary>
    public long StreamedBytes { get; private set; }

    /// <summary>Bytes of reasoning (thinking) text streamed.</summary>
    public long ThinkingBytes { get; private set; }

    public void Observe(in StreamEvent e)
    {
        switch (e.Kind)
        {
            case StreamEventKind.MessageStart:
                Started = true;
                Usage = Usage.Merge(e.Usage);
                FinishReason = e.FinishReason ?? FinishReason;
                break;
            case StreamEventKind.MessageDelta:
                Usage = Usage.Merge(e.Usage);
                FinishReason = e.FinishReason ?? FinishReason;
                FinalUsageSeen |= e.Usage != default;
                break;
            case StreamEventKind.Usage:
                Usage = Usage.Merge(e.Usage);
                FinalUsageSeen |= e.Usage != default;
                break;
            case StreamEventKind.TextDelta:
            case StreamEventKind.ToolArgumentsDelta:
                Started = true;
                StreamedBytes += TextLength(e);
                break;
            case StreamEventKind.ThinkingDelta:
                Started = true;
                ThinkingBytes += TextLength(e);
                break;
            case StreamEventKind.MessageStop:
                Completed = true;
                break;
            case StreamEventKind.Error:
                Error ??= e.Error;
                break;
            default:
                break;
        }
    }

    /// <summary>Answer bytes a passthrough forwarded without decoding them into events (Anthropic content events).</summary>
    public void CountStreamed(int bytes)
    {
        Started = true;
        StreamedBytes += bytes;
    }

    public void Record(Usage usage, FinishReason? finishReason)
    {
        Usage = usage;
        FinishReason = finishReason;
        Completed = true;
        FinalUsageSeen = true;
    }

    private static int TextLength(in StreamEvent e) => e.Utf8Text.IsEmpty ? e.Text?.Length ?? 0 : e.Utf8Text.Length;
}
