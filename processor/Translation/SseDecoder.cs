namespace AiGateway.Processor.Translation;

/// <summary>
/// Incremental server-sent-events parser (WHATWG event-stream rules, the subset LLM APIs use): carries a partial
/// line between chunks, so a split anywhere (even inside a UTF-8 sequence) changes nothing. Comment lines
/// (<c>: …</c>) are ignored (§2.4, §7.10 item 22). One instance per response stream.
/// </summary>
internal sealed class SseDecoder : IDisposable
{
    private readonly PooledBufferWriter _partialLine = new();
    private readonly PooledBufferWriter _eventName = new(32);
    private readonly PooledBufferWriter _data = new();
    private bool _hasData;
    private bool _skipLeadingLineFeed;

    public void Decode(ReadOnlySpan<byte> chunk, ISseEventHandler handler)
    {
        if (_skipLeadingLineFeed && chunk.Length > 0)
        {
            _skipLeadingLineFeed = false;
            if (chunk[0] == (byte)'\n')
            {
                chunk = chunk[1..];
            }
        }

        while (chunk.Length > 0)
        {
            var end = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                _partialLine.Write(chunk);
                return;
            }

            if (_partialLine.Count > 0)
            {
                _partialLine.Write(chunk[..end]);
                ProcessLine(_partialLine.WrittenSpan, handler);
                _partialLine.Clear();
            }
            else
            {
                ProcessLine(chunk[..end], handler);
            }

            var next = end + 1;
            if (chunk[end] == (byte)'\r')
            {
                if (next < chunk.Length)
                {
                    if (chunk[next] == (byte)'\n')
                    {
                        next++;
                    }
                }
                else
                {
                    _skipLeadingLineFeed = true;
                }
            }

            chunk = chunk[next..];
        }
    }

    /// <summary>
    /// At end of stream: an event without its closing blank line is incomplete and is discarded, as the WHATWG
    /// event-stream rules say; the caller then sees the stream as cut.
    /// </summary>
    public void Flush(ISseEventHandler handler)
    {
        _ = handler;
        _partialLine.Clear();
        _data.Clear();
        _eventName.Clear();
        _hasData = false;
    }

    public void Dispose()
    {
        _partialLine.Dispose();
        _eventName.Dispose();
        _data.Dispose();
    }

    private void ProcessLine(ReadOnlySpan<byte> line, ISseEventHandler handler)
    {
        if (line.IsEmpty)
        {
            Dispatch(handler);
            return;
        }

        if (line[0] == (byte)':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (value.Length > 0 && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData)
            {
                _data.Write("\n"u8);
            }

            _data.Write(value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventName.Clear();
            _eventName.Write(value);
        }
    }

    private void Dispatch(ISseEventHandler handler)
    {
        if (_hasData)
        {
            handler.OnSseEvent(_eventName.WrittenSpan, _data.WrittenSpan);
        }

        _hasData = false;
        _data.Clear();
        _eventName.Clear();
    }
}
