namespace AiGateway.Processor.Translation;

/// <summary>What a response stream has shown so far: usage (cumulative), finish reason, completion, first error.</summary>
internal sealed class StreamTally
{
    public Usage Usage { get; private set; }

    public FinishReason? FinishReason { get; private set; }

    public bool Completed { get; private set; }

    public GatewayError? Error { get; private set; }

    /// <summary>Once an error is recorded or the message stopped, the stream is over for the client.</summary>
    public bool Ended => Completed || Error is not null;

    public void Observe(in StreamEvent e)
    {
        switch (e.Kind)
        {
            case StreamEventKind.MessageStart:
            case StreamEventKind.MessageDelta:
                Usage = Usage.Merge(e.Usage);
                FinishReason = e.FinishReason ?? FinishReason;
                break;
            case StreamEventKind.Usage:
                Usage = Usage.Merge(e.Usage);
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

    public void Record(Usage usage, FinishReason? finishReason)
    {
        Usage = usage;
        FinishReason = finishReason;
        Completed = true;
    }
}
