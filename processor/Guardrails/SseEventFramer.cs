namespace AiGateway.Processor.Guardrails;

/// <summary>
/// Cuts the client-format stream into whole SSE events. Translators write whole events, but passthrough forwards the
/// provider's bytes as they arrive, so an event may span chunks; the partial tail waits for the next chunk.
/// </summary>
internal sealed class SseEventFramer
{
    private byte[] _pending = new byte[1024];
    private int _length;

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_length + chunk.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _length + chunk.Length));
        }

        chunk.CopyTo(_pending.AsSpan(_length));
        _length += chunk.Length;
    }

    /// <summary>The next whole event including its blank-line terminator, or false when only a partial event is left.</summary>
    public bool TryTake(out byte[] sseEvent)
    {
        var span = _pending.AsSpan(0, _length);
        var lf = span.IndexOf("\n\n"u8);
        var crlf = span.IndexOf("\r\n\r\n"u8);
        int end;
        if (lf >= 0 && (crlf < 0 || lf < crlf))
        {
            end = lf + 2;
        }
        else if (crlf >= 0)
        {
            end = crlf + 4;
        }
        else
        {
            sseEvent = [];
            return false;
        }

        sseEvent = span[..end].ToArray();
        span[end..].CopyTo(_pending);
        _length -= end;
        return true;
    }

    /// <summary>Whatever is left (an unterminated last event), emptied.</summary>
    public byte[] TakeRest()
    {
        var rest = _pending.AsSpan(0, _length).ToArray();
        _length = 0;
        return rest;
    }
}
