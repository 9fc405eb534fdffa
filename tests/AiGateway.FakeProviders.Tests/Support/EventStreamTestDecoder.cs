using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace AiGateway.FakeProviders.Tests.Support;

/// <summary>
/// A test-side event-stream decoder (shared/reference/provider-apis.md §4.1-4.2), independent of the
/// fake's encoder: it checks both CRCs of every frame and reads string headers.
/// </summary>
internal static class EventStreamTestDecoder
{
    public static IReadOnlyList<EventStreamTestFrame> Decode(ReadOnlySpan<byte> data)
    {
        var frames = new List<EventStreamTestFrame>();
        while (data.Length > 0)
        {
            if (data.Length < 16)
            {
                throw new InvalidDataException($"Frame {frames.Count} is truncated.");
            }

            var total = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
            var headersLength = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
            if (total > data.Length)
            {
                throw new InvalidDataException($"Frame {frames.Count} is truncated.");
            }

            if (Crc32.HashToUInt32(data[..8]) != BinaryPrimitives.ReadUInt32BigEndian(data[8..]))
            {
                throw new InvalidDataException($"Frame {frames.Count} has a bad prelude CRC.");
            }

            if (Crc32.HashToUInt32(data[..(total - 4)]) != BinaryPrimitives.ReadUInt32BigEndian(data[(total - 4)..]))
            {
                throw new InvalidDataException($"Frame {frames.Count} has a bad message CRC.");
            }

            var headers = new Dictionary<string, string>();
            var cursor = data.Slice(12, headersLength);
            while (cursor.Length > 0)
            {
                var nameLength = cursor[0];
                var name = Encoding.UTF8.GetString(cursor.Slice(1, nameLength));
                var type = cursor[1 + nameLength];
                cursor = cursor[(2 + nameLength)..];
                if (type != 7)
                {
                    throw new InvalidDataException($"Header {name} has type {type}; Bedrock sends strings only.");
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(cursor);
                headers[name] = Encoding.UTF8.GetString(cursor.Slice(2, length));
                cursor = cursor[(2 + length)..];
            }

            var payload = Encoding.UTF8.GetString(data[(12 + headersLength)..(total - 4)]);
            frames.Add(new EventStreamTestFrame(headers, payload));
            data = data[total..];
        }

        return frames;
    }
}
