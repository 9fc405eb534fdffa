using System.IO.Hashing;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected 0xEDB88320, init and final xor 0xFFFFFFFF) as AWS event-stream uses it (§4.1): the
/// same CRC as zlib's, so <see cref="Crc32"/> (vectorized) computes it. A table-driven byte loop was ≈ 10 % of the
/// processor's CPU on Bedrock streams (two checksums per frame; docs/performance.md, session 7).
/// </summary>
internal static class AwsCrc32
{
    public static uint Compute(ReadOnlySpan<byte> bytes) => Crc32.HashToUInt32(bytes);
}
