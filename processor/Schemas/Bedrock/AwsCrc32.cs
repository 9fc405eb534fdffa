namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320, init and final xor 0xFFFFFFFF) as AWS event-stream uses it (§4.1).</summary>
internal static class AwsCrc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> bytes) => Append(0, bytes);

    /// <summary>Continues a finished CRC over more bytes (botocore's way of checking the message CRC).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        var value = ~crc;
        foreach (var b in bytes)
        {
            value = Table[(value ^ b) & 0xFF] ^ (value >> 8);
        }

        return ~value;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
