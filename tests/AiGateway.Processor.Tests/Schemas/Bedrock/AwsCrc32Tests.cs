using System.Text;
using AiGateway.Processor.Schemas.Bedrock;

namespace AiGateway.Processor.Tests.Schemas.Bedrock;

public sealed class AwsCrc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xCBF43926u)] // the CRC-32/ISO-HDLC check value
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownValues(string text, uint expected)
    {
        Assert.Equal(expected, AwsCrc32.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Compute_EventStreamPrelude_AsTheReference()
    {
        // provider-apis.md §4: prelude of a 148-byte frame with 87 bytes of headers.
        Assert.Equal(0xb4ab9aeeu, AwsCrc32.Compute([0x00, 0x00, 0x00, 0x94, 0x00, 0x00, 0x00, 0x57]));
    }

    [Fact]
    public void Compute_LongInput_SameAsAByteByByteCrc()
    {
        var bytes = new byte[70_001];
        new Random(7).NextBytes(bytes);

        Assert.Equal(BitwiseCrc32(bytes), AwsCrc32.Compute(bytes));
    }

    /// <summary>The definition, one bit at a time: independent of any table or vector code.</summary>
    private static uint BitwiseCrc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
