using System.Buffers.Binary;
using System.Text;

namespace AiGateway.FakeProviders.EventStream;

/// <summary>
/// One event-stream header: name, type byte and encoded value (shared/reference/provider-apis.md §4.2).
/// Bedrock only sends strings (type 7); int32 (type 4) exists for the official vectors of §4.3.
/// </summary>
internal sealed class AwsEventStreamHeader
{
    private const byte Int32Type = 4;
    private const byte StringType = 7;

    private AwsEventStreamHeader(string name, byte type, byte[] value)
    {
        Name = name;
        Type = type;
        Value = value;
    }

    public string Name { get; }

    public byte Type { get; }

    public byte[] Value { get; }

    public int EncodedLength => 1 + Encoding.UTF8.GetByteCount(Name) + 1 + Value.Length;

    public static AwsEventStreamHeader FromString(string name, string value)
    {
        var text = Encoding.UTF8.GetBytes(value);
        var encoded = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(encoded, checked((ushort)text.Length));
        text.CopyTo(encoded, 2);
        return new AwsEventStreamHeader(name, StringType, encoded);
    }

    public static AwsEventStreamHeader FromInt32(string name, int value)
    {
        var encoded = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(encoded, value);
        return new AwsEventStreamHeader(name, Int32Type, encoded);
    }

    public int WriteTo(Span<byte> destination)
    {
        var nameLength = Encoding.UTF8.GetBytes(Name, destination[1..]);
        destination[0] = checked((byte)nameLength);
        destination[1 + nameLength] = Type;
        Value.CopyTo(destination[(2 + nameLength)..]);
        return 2 + nameLength + Value.Length;
    }
}
