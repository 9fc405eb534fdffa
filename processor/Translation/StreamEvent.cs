using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// One neutral stream event. <see cref="Index"/> counts all content blocks (Anthropic/Bedrock meaning, §7.10 item 10);
/// <see cref="Text"/> carries the delta text, partial tool JSON, signature or redacted data depending on <see cref="Kind"/>.
/// </summary>
internal readonly record struct StreamEvent(StreamEventKind Kind)
{
    public int Index { get; init; }

    public BlockKind Block { get; init; }

    public string? Text { get; init; }

    /// <summary>
    /// The delta text as UTF-8, instead of <see cref="Text"/>, when a decoder read it without making a string: valid
    /// only during the <see cref="IStreamEventSink.OnEvent"/> call (it points into the decoder's scratch buffer).
    /// </summary>
    public ReadOnlyMemory<byte> Utf8Text { get; init; }

    public bool HasText => !Utf8Text.IsEmpty || !string.IsNullOrEmpty(Text);

    /// <summary>Writes the text (<see cref="Utf8Text"/> or <see cref="Text"/>, empty when neither) as a string property.</summary>
    public void WriteText(Utf8JsonWriter writer, ReadOnlySpan<byte> name)
    {
        if (Utf8Text.IsEmpty)
        {
            writer.WriteString(name, Text ?? string.Empty);
        }
        else
        {
            writer.WriteString(name, Utf8Text.Span);
        }
    }

    /// <summary>Message id on <see cref="StreamEventKind.MessageStart"/>, tool call id on a tool block start.</summary>
    public string? Id { get; init; }

    /// <summary>Model on <see cref="StreamEventKind.MessageStart"/>, tool name on a tool block start.</summary>
    public string? Name { get; init; }

    public Usage Usage { get; init; }

    public FinishReason? FinishReason { get; init; }

    public string? StopSequence { get; init; }

    public GatewayError? Error { get; init; }
}
