using System.Collections;
using System.Runtime.CompilerServices;

namespace AiGateway.Processor.Translation;

/// <summary>
/// The parts of a message or a tool result. Most hold exactly one part (a plain string content), which is kept inline
/// instead of in an array of one: one object less per message (issue 5, objects per KB). Enumerates without allocating;
/// collection expressions (<c>[part]</c>) build it. Equal when the parts are equal, in order.
/// </summary>
[CollectionBuilder(typeof(PartList), nameof(Create))]
internal readonly struct PartList : IReadOnlyList<ContentPart>, IEquatable<PartList>
{
    private readonly ContentPart? _single;
    private readonly ContentPart[]? _many;

    public PartList(ContentPart part)
    {
        _single = part;
    }

    /// <summary>Takes <paramref name="parts"/> as they are (not copied); an array of one is held inline.</summary>
    public PartList(ContentPart[] parts)
    {
        if (parts.Length == 1)
        {
            _single = parts[0];
        }
        else if (parts.Length > 1)
        {
            _many = parts;
        }
    }

    public int Count => _single is not null ? 1 : _many?.Length ?? 0;

    public ContentPart this[int index] => _single is not null
        ? index == 0 ? _single : throw new ArgumentOutOfRangeException(nameof(index))
        : (_many ?? [])[index];

    public static PartList Create(ReadOnlySpan<ContentPart> parts) => parts.Length == 1 ? new PartList(parts[0]) : new PartList(parts.ToArray());

    /// <summary>The parts of <paramref name="parts"/> in order (copied once to an exact-size array when more than one).</summary>
    public static PartList From(List<ContentPart> parts) => parts.Count == 1 ? new PartList(parts[0]) : new PartList(parts.ToArray());

    public static implicit operator PartList(ContentPart[] parts) => new(parts);

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<ContentPart> IEnumerable<ContentPart>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(PartList other)
    {
        if (Count != other.Count)
        {
            return false;
        }

        for (var i = 0; i < Count; i++)
        {
            if (!Equals(this[i], other[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is PartList other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in this)
        {
            hash.Add(part);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(PartList left, PartList right) => left.Equals(right);

    public static bool operator !=(PartList left, PartList right) => !left.Equals(right);

    public struct Enumerator : IEnumerator<ContentPart>
    {
        private readonly PartList _parts;
        private int _index;

        internal Enumerator(PartList parts)
        {
            _parts = parts;
            _index = -1;
        }

        public readonly ContentPart Current => _parts[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < _parts.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
