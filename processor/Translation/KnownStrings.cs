using System.Text;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// A fixed vocabulary of wire values (event types, delta types, event-stream header values) returned as the same
/// <see cref="string"/> instances, so reading one of them per stream chunk allocates nothing; anything else is read as a
/// new string.
/// </summary>
internal sealed class KnownStrings
{
    private readonly string[] _values;
    private readonly byte[][] _utf8;

    public KnownStrings(params string[] values)
    {
        _values = values;
        _utf8 = new byte[values.Length][];
        for (var i = 0; i < values.Length; i++)
        {
            _utf8[i] = Encoding.UTF8.GetBytes(values[i]);
        }
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (utf8.SequenceEqual(_utf8[i]))
            {
                return _values[i];
            }
        }

        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>Like <see cref="JsonTokens.ReadString"/>: moves onto the value; a non-string is skipped and reads as null.</summary>
    public string? Read(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.ValueIsEscaped || reader.HasValueSequence ? reader.GetString() : Get(reader.ValueSpan);
    }
}
