namespace AiGateway.Processor.Translation;

/// <summary>Receives neutral stream events as a provider stream decoder produces them.</summary>
internal interface IStreamEventSink
{
    void OnEvent(in StreamEvent streamEvent);
}
