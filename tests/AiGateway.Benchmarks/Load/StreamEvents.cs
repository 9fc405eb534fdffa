using System.Buffers.Binary;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// Splits a recorded provider stream (the response body chunks, which Envoy cut at arbitrary bytes) into whole
/// provider events: SSE events ending in a blank line, or AWS event-stream frames (length in the prelude, §4.1).
/// The scale scenario repeats one whole text event, so the stream stays valid however long it is held.
/// </summary>
internal static class StreamEvents
{
    public static List<byte[]> Split(byte[] stream)
    {
        var events = new List<byte[]>();
        var isEventStream = stream.Length >= 12 && stream[0] == 0 && !stream.AsSpan(0, 12).Contains((byte)'\n');
        var offset = 0;
        while (offset < stream.Length)
        {
            int length;
            if (isEventStream)
            {
                length = (int)BinaryPrimitives.ReadUInt32BigEndian(stream.AsSpan(offset));
            }
            else
            {
                var end = stream.AsSpan(offset).IndexOf("\n\n"u8);
                length = end < 0 ? stream.Length - offset : end + 2;
            }

            events.Add(stream[offset..(offset + length)]);
            offset += length;
        }

        return events;
    }

    /// <summary>
    /// Whether an encoded provider event carries generated text: an SSE text delta (Anthropic <c>text_delta</c>, OpenAI
    /// <c>delta.content</c>), a Converse <c>contentBlockDelta</c> frame with text, or an InvokeModel <c>chunk</c> frame
    /// whose base64 Anthropic event is a text delta.
    /// </summary>
    public static bool IsTextDelta(byte[] providerEvent)
    {
        var text = System.Text.Encoding.UTF8.GetString(providerEvent);
        if (text.Contains("\"text_delta\"", StringComparison.Ordinal) || text.Contains("\"delta\":{\"content\":\"", StringComparison.Ordinal)
            || (text.Contains("contentBlockDelta", StringComparison.Ordinal) && text.Contains("\"text\"", StringComparison.Ordinal)))
        {
            return true;
        }

        var start = text.IndexOf("{\"bytes\":\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var end = text.IndexOf('"', start + 10);
        var inner = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text[(start + 10)..end]));
        return inner.Contains("\"text_delta\"", StringComparison.Ordinal);
    }
}
