using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Edits top-level properties of a JSON object in place and copies every other byte unchanged, so passthrough stays
/// byte-identical except the patched fields (DESIGN §3). The input must be a valid JSON object (the parser checked it).
/// </summary>
internal static class JsonBodyPatcher
{
    public static void Apply(ReadOnlySpan<byte> body, ReadOnlySpan<BodyPatch> patches, IBufferWriter<byte> output)
    {
        var properties = new List<(string Name, int NameStart, int ValueStart, int ValueEnd)>();
        var reader = new Utf8JsonReader(body);
        reader.Read();
        var objectStart = (int)reader.TokenStartIndex;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var name = reader.GetString()!;
            var nameStart = (int)reader.TokenStartIndex;
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            properties.Add((name, nameStart, valueStart, (int)reader.BytesConsumed));
        }

        var edits = new List<(int Start, int End, byte[] Bytes)>();
        var removed = new bool[properties.Count];
        var insertions = new List<byte>();
        foreach (var patch in patches)
        {
            var found = false;
            for (var i = 0; i < properties.Count; i++)
            {
                if (properties[i].Name != patch.Name || removed[i])
                {
                    continue;
                }

                found = true;
                if (patch.Value is not null)
                {
                    edits.Add((properties[i].ValueStart, properties[i].ValueEnd, patch.Value));
                }
                else
                {
                    removed[i] = true;
                }
            }

            if (!found && patch.Value is not null)
            {
                insertions.AddRange(Encoding.UTF8.GetBytes(JsonSerializerEscaped(patch.Name)));
                insertions.Add((byte)':');
                insertions.AddRange(patch.Value);
                insertions.Add((byte)',');
            }
        }

        AddRemovals(properties, removed, edits);
        if (insertions.Count > 0)
        {
            // New properties go first, right after '{': no comma juggling with what follows.
            var remaining = properties.Count - Count(removed);
            if (remaining == 0)
            {
                insertions.RemoveAt(insertions.Count - 1);
            }

            edits.Add((objectStart + 1, objectStart + 1, [.. insertions]));
        }

        edits.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        // Equal starts: the zero-length insertion sorts first, then the removal that begins there.
        var position = 0;
        foreach (var (start, end, bytes) in edits)
        {
            if (start < position)
            {
                continue;
            }

            output.Write(body[position..start]);
            output.Write(bytes);
            position = end;
        }

        output.Write(body[position..]);
    }

    /// <summary>
    /// A removed property after the first kept one takes the separator before it (from the previous property's end); a
    /// leading run of removed properties is cut up to the first kept property's name. The ranges never overlap.
    /// </summary>
    private static void AddRemovals(List<(string Name, int NameStart, int ValueStart, int ValueEnd)> properties, bool[] removed, List<(int, int, byte[])> edits)
    {
        var firstKept = Array.IndexOf(removed, false);
        if (firstKept < 0)
        {
            if (properties.Count > 0)
            {
                edits.Add((properties[0].NameStart, properties[^1].ValueEnd, []));
            }

            return;
        }

        if (firstKept > 0)
        {
            edits.Add((properties[0].NameStart, properties[firstKept].NameStart, []));
        }

        for (var i = firstKept + 1; i < properties.Count; i++)
        {
            if (removed[i])
            {
                edits.Add((properties[i - 1].ValueEnd, properties[i].ValueEnd, []));
            }
        }
    }

    private static int Count(bool[] flags)
    {
        var count = 0;
        foreach (var flag in flags)
        {
            count += flag ? 1 : 0;
        }

        return count;
    }

    private static string JsonSerializerEscaped(string name) => JsonSerializer.Serialize(name, JsonValueContext.Default.String);
}
