using System.IO.Hashing;
using System.Runtime.InteropServices;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// Token counts of message parts by a 128-bit hash of their text (adr/017-admission-token-estimate.md). Agents
/// resend the whole conversation every turn, so nearly every part was counted on an earlier turn: a hit costs one
/// XxHash128 of the part's bytes, a miss tokenizes that part only. Bounded by construction: a fixed array of slots
/// (<c>budgets.token_cache_entries</c>, rounded up to a power of two, ≈ 48 bytes each) where a new part replaces
/// whatever shared its slot. Reads are lock-free (one reference read of an immutable entry); a write is one reference
/// store, so racing writers at worst overwrite each other (a later miss), never tear an entry.
/// </summary>
internal sealed class TokenCountCache : ITextTokenCounter
{
    /// <summary>The default size: about 3 MB, a few hundred long agent conversations of distinct parts.</summary>
    public const int DefaultEntries = 65_536;

    private const long JsonTokenSeed = 0x6A736F6E; // "json"

    private readonly Entry?[] _slots;
    private readonly int _mask;

    public TokenCountCache(int entries = DefaultEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entries, 1);
        var size = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)entries));
        _slots = new Entry?[size];
        _mask = size - 1;
    }

    /// <summary>How many slots the cache holds (the configured size rounded up to a power of two).</summary>
    public int Capacity => _slots.Length;

    /// <summary>The o200k token count of <paramref name="text"/>, from the cache when this exact text was counted before.</summary>
    public int Count(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        // The UTF-16 bytes of the text as the parser holds it: hashing them needs no copy or transcoding.
        var hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text));
        return TryGet(hash, out var tokens) ? tokens : Store(hash, InputTokenEstimator.Count(text));
    }

    /// <summary>
    /// The count of a text part: a part still held as its JSON token (read from the client body) is keyed by the
    /// token's bytes, so a hit never makes the string; a miss decodes it once to tokenize it.
    /// </summary>
    public int Count(TextPart part)
    {
        var token = part.JsonToken;
        if (token.IsEmpty)
        {
            return Count(part.Text);
        }

        // Seeded apart from the UTF-16 keys above: the same text held both ways is two entries, never a wrong count.
        var hash = XxHash128.HashToUInt128(token, JsonTokenSeed);
        return TryGet(hash, out var tokens) ? tokens : Store(hash, part.Text.Length == 0 ? 0 : InputTokenEstimator.Count(part.Text));
    }

    /// <summary>One read of the slot's immutable entry: a racing writer replaces it whole, never tears it.</summary>
    private bool TryGet(UInt128 hash, out int tokens)
    {
        var entry = Volatile.Read(ref _slots[(int)(ulong)hash & _mask]);
        tokens = entry is not null && entry.Hash == hash ? entry.Tokens : 0;
        return entry is not null && entry.Hash == hash;
    }

    private int Store(UInt128 hash, int tokens)
    {
        Volatile.Write(ref _slots[(int)(ulong)hash & _mask], new Entry(hash, tokens));
        return tokens;
    }

    private sealed record Entry(UInt128 Hash, int Tokens);
}
