using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Unescaped UTF-8 copies of the string values of one stream event, so a text delta crosses from the provider's JSON
/// to the client's without a <see cref="string"/> per chunk (issue 11: no allocation per chunk beyond the outgoing
/// bytes). One instance per stream decoder; every slice handed out is valid until the next <see cref="Reset"/>.
/// </summary>
internal sealed class Utf8Scratch : IDisposable
{
    private byte[] _buffer = [];
    private int _used;

    /// <summary>
    /// Starts a new event of <paramref name="jsonLength"/> bytes. An unescaped value is never longer than its JSON
    /// text, so with that much room no copy of this event grows the buffer and earlier slices stay valid.
    /// </summary>
    public void Reset(int jsonLength)
    {
        _used = 0;
        if (_buffer.Length >= jsonLength)
        {
            return;
        }

        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, jsonLength));
    }

    /// <summary>The string token under <paramref name="reader"/>, unescaped; invalid UTF-8 is malformed input like in <see cref="Utf8JsonReader.GetString"/>.</summary>
    public ReadOnlyMemory<byte> Copy(ref Utf8JsonReader reader)
    {
        var length = reader.CopyString(_buffer.AsSpan(_used));
        var copied = _buffer.AsMemory(_used, length);
        if (!Utf8.IsValid(copied.Span))
        {
            throw new InvalidOperationException("The JSON string is not valid UTF-8.");
        }

        _used += length;
        return copied;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _used = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
