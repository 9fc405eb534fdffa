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

    /// <summary>Whether the event carries generated text (SSE text delta or a Bedrock text delta frame).</summary>
    public static bool IsTextDelta(byte[] providerEvent)
    {
        var text = System.Text.Encoding.UTF8.GetString(providerEvent);
        return text.Contains("\"text_delta\"", StringComparison.Ordinal)
            || text.Contains("\"delta\":{\"content\":\"", StringComparison.Ordinal)
            || (text.Contains("contentBlockDelta", StringComparison.Ordinal) && text.Contains("\"text\"", StringComparison.Ordinal));
    }
}
