namespace AiGateway.Processor.Translation;

/// <summary>Receives whole server-sent events from <see cref="SseDecoder"/>.</summary>
internal interface ISseEventHandler
{
    /// <summary><paramref name="eventName"/> is empty when the event had no <c>event:</c> line; data lines are joined with <c>\n</c>.</summary>
    void OnSseEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data);
}
