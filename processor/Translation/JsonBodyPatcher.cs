using System.Buffers;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Edits top-level properties of a JSON object in place and copies every other byte unchanged, so passthrough stays
/// byte-identical except the patched fields (DESIGN §3). The input must be a valid JSON object (the parser checked it).
/// Member names are compared as UTF-8 (escapes decoded) and the output is sized before it is written: one exact-size
/// buffer request, no string per member.
/// </summary>
internal static class JsonBodyPatcher
{
    private const int StackMembers = 32;

    /// <summary>
    /// Writes the patched body to <paramref name="output"/>, or returns false and writes nothing when no patch changes
    /// a byte (every set property already holds exactly the patch's bytes, every removed one is absent): the body can
    /// then go on as it is. A patch applies to every occurrence of its name; new properties go first.
    /// </summary>
    public static bool Apply(ReadOnlySpan<byte> body, ReadOnlySpan<BodyPatch> patches, IBufferWriter<byte> output)
    {
        Member[]? rented = null;
        Span<Member> members = stackalloc Member[StackMembers];
        try
        {
            var count = Scan(body, patches, ref members, ref rented, out var objectStart);
            var edit = new Edit(body, members[..count], patches, objectStart);
            if (!edit.Changes)
            {
                return false;
            }

            var length = edit.WriteTo(Span<byte>.Empty, measureOnly: true);
            edit.WriteTo(output.GetSpan(length)[..length], measureOnly: false);
            output.Advance(length);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<Member>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Every top-level member's byte positions and the patch naming it (-1 for none).</summary>
    private static int Scan(ReadOnlySpan<byte> body, ReadOnlySpan<BodyPatch> patches, ref Span<Member> members, ref Member[]? rented, out int objectStart)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        objectStart = (int)reader.TokenStartIndex;
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var patch = PatchNaming(ref reader, patches);
            var nameStart = (int)reader.TokenStartIndex;
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            if (count == members.Length)
            {
                var larger = ArrayPool<Member>.Shared.Rent(members.Length * 2);
                members.CopyTo(larger);
                if (rented is not null)
                {
                    ArrayPool<Member>.Shared.Return(rented);
                }

                rented = larger;
                members = larger;
            }

            members[count++] = new Member(nameStart, valueStart, (int)reader.BytesConsumed, patch);
        }

        return count;
    }

    private static int PatchNaming(ref Utf8JsonReader reader, ReadOnlySpan<BodyPatch> patches)
    {
        for (var i = 0; i < patches.Length; i++)
        {
            if (reader.ValueTextEquals(patches[i].Name.Value))
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct Member(int NameStart, int ValueStart, int ValueEnd, int Patch)
    {
        public bool Removed(ReadOnlySpan<BodyPatch> patches) => Patch >= 0 && patches[Patch].Value is null;
    }

    /// <summary>
    /// The patched body, written in order: <c>{</c>, new properties, then the kept members each with the separator
    /// before it — except the first kept one, so a leading run of removed members leaves no comma — and the rest.
    /// </summary>
    private readonly ref struct Edit
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly ReadOnlySpan<Member> _members;
        private readonly ReadOnlySpan<BodyPatch> _patches;
        private readonly int _objectStart;

        public Edit(ReadOnlySpan<byte> body, ReadOnlySpan<Member> members, ReadOnlySpan<BodyPatch> patches, int objectStart)
        {
            _body = body;
            _members = members;
            _patches = patches;
            _objectStart = objectStart;
        }

        public bool Changes
        {
            get
            {
                for (var p = 0; p < _patches.Length; p++)
                {
                    if (!Names(p) && _patches[p].Value is not null)
                    {
                        return true;
                    }
                }

                foreach (var member in _members)
                {
                    if (member.Patch >= 0 && (_patches[member.Patch].Value is not { } value || !_body[member.ValueStart..member.ValueEnd].SequenceEqual(value)))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Writes the body to <paramref name="destination"/> (or only counts it) and returns its length.</summary>
        public int WriteTo(Span<byte> destination, bool measureOnly)
        {
            var output = new Output(destination, measureOnly);
            output.Append(_body[..(_objectStart + 1)]);
            var kept = 0;
            foreach (var member in _members)
            {
                kept += member.Removed(_patches) ? 0 : 1;
            }

            WriteInsertions(ref output, kept);
            if (_members.IsEmpty)
            {
                output.Append(_body[(_objectStart + 1)..]);
                return output.Length;
            }

            output.Append(_body[(_objectStart + 1).._members[0].NameStart]);
            var written = false;
            for (var i = 0; i < _members.Length; i++)
            {
                var member = _members[i];
                if (member.Removed(_patches))
                {
                    continue;
                }

                if (written)
                {
                    output.Append(_body[_members[i - 1].ValueEnd..member.NameStart]);
                }

                if (member.Patch >= 0)
                {
                    output.Append(_body[member.NameStart..member.ValueStart]);
                    output.Append(_patches[member.Patch].Value);
                }
                else
                {
                    output.Append(_body[member.NameStart..member.ValueEnd]);
                }

                written = true;
            }

            output.Append(_body[_members[^1].ValueEnd..]);
            return output.Length;
        }

        /// <summary>New properties go right after <c>{</c>, each followed by a comma unless nothing follows it.</summary>
        private void WriteInsertions(ref Output output, int kept)
        {
            var pending = 0;
            for (var p = 0; p < _patches.Length; p++)
            {
                pending += !Names(p) && _patches[p].Value is not null ? 1 : 0;
            }

            for (var p = 0; p < _patches.Length && pending > 0; p++)
            {
                if (Names(p) || _patches[p].Value is not { } value)
                {
                    continue;
                }

                output.Append("\""u8);
                output.Append(_patches[p].Name.EncodedUtf8Bytes);
                output.Append("\":"u8);
                output.Append(value);
                pending--;
                if (pending > 0 || kept > 0)
                {
                    output.Append(","u8);
                }
            }
        }

        private bool Names(int patch)
        {
            foreach (var member in _members)
            {
                if (member.Patch == patch)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private ref struct Output
    {
        private readonly Span<byte> _destination;
        private readonly bool _measureOnly;

        public Output(Span<byte> destination, bool measureOnly)
        {
            _destination = destination;
            _measureOnly = measureOnly;
        }

        public int Length { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (!_measureOnly)
            {
                bytes.CopyTo(_destination[Length..]);
            }

            Length += bytes.Length;
        }
    }
}
