using System.Buffers.Binary;
using System.Text;

namespace AiGateway.FakeProviders.EventStream;

/// <summary>
/// Encodes one AWS event-stream message: prelude (total length, headers length, prelude CRC), headers,
/// payload, message CRC over everything before it (shared/reference/provider-apis.md §4.1).
/// </summary>
internal static class AwsEventStreamEncoder
{
    private const int PreludeLength = 12;
    private const int Overhead = 16;

    public static byte[] Encode(IReadOnlyList<AwsEventStreamHeader> headers, ReadOnlySpan<byte> payload)
    {
        var headersLength = 0;
        foreach (var header in headers)
        {
            headersLength += header.EncodedLength;
        }

        var total = Overhead + headersLength + payload.Length;
        var message = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), EventStreamCrc32.Compute(message.AsSpan(0, 8)));

        var offset = PreludeLength;
        foreach (var header in headers)
        {
            offset += header.WriteTo(message.AsSpan(offset));
        }

        payload.CopyTo(message.AsSpan(offset));
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(total - 4), EventStreamCrc32.Compute(message.AsSpan(0, total - 4)));
        return message;
    }

    /// <summary>A Bedrock event: headers in the order real captures show (§3.5).</summary>
    public static byte[] EncodeEvent(string eventType, string jsonPayload) => Encode(
        [
            AwsEventStreamHeader.FromString(":event-type", eventType),
            AwsEventStreamHeader.FromString(":content-type", "application/json"),
            AwsEventStreamHeader.FromString(":message-type", "event"),
        ],
        Encoding.UTF8.GetBytes(jsonPayload));

    /// <summary>An in-stream exception such as <c>throttlingException</c> (§4.5).</summary>
    public static byte[] EncodeException(string exceptionType, string jsonPayload) => Encode(
        [
            AwsEventStreamHeader.FromString(":exception-type", exceptionType),
            AwsEventStreamHeader.FromString(":content-type", "application/json"),
            AwsEventStreamHeader.FromString(":message-type", "exception"),
        ],
        Encoding.UTF8.GetBytes(jsonPayload));

    /// <summary>Flips the message CRC so a client's validation must fail (a malformed-frame fault).</summary>
    public static byte[] CorruptMessageCrc(byte[] message)
    {
        var copy = (byte[])message.Clone();
        copy[^1] ^= 0xFF;
        return copy;
    }
}
