using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// Writes one AWS event-stream message with string headers (§4.1–4.2). Used by tests and the fake upstream to build
/// Bedrock streams; reproduces the official vectors of §4.3.
/// </summary>
internal static class AwsEventStreamEncoder
{
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
    {
        var headersLength = 0;
        foreach (var header in headers)
        {
            headersLength += 1 + Encoding.UTF8.GetByteCount(header.Key) + 1 + 2 + Encoding.UTF8.GetByteCount(header.Value);
        }

        var totalLength = 12 + headersLength + payload.Length + 4;
        var span = output.GetSpan(totalLength)[..totalLength];
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], AwsCrc32.Compute(span[..8]));
        var offset = 12;
        foreach (var header in headers)
        {
            var nameLength = Encoding.UTF8.GetBytes(header.Key, span[(offset + 1)..]);
            span[offset] = (byte)nameLength;
            offset += 1 + nameLength;
            span[offset++] = 7;
            var valueLength = Encoding.UTF8.GetBytes(header.Value, span[(offset + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)valueLength);
            offset += 2 + valueLength;
        }

        payload.CopyTo(span[offset..]);
        offset += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], AwsCrc32.Compute(span[..offset]));
        output.Advance(totalLength);
    }

    /// <summary>A Bedrock event message with headers in Bedrock's order (§3.5).</summary>
    public static void WriteEvent(IBufferWriter<byte> output, string eventType, ReadOnlySpan<byte> payload) =>
        Write(output, [new(":event-type", eventType), new(":content-type", "application/json"), new(":message-type", "event")], payload);

    /// <summary>A Bedrock exception message (§4.5).</summary>
    public static void WriteException(IBufferWriter<byte> output, string exceptionType, ReadOnlySpan<byte> payload) =>
        Write(output, [new(":exception-type", exceptionType), new(":content-type", "application/json"), new(":message-type", "exception")], payload);
}
