using System.Buffers.Binary;
using System.Text;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Schemas.Bedrock;

/// <summary>
/// Incremental AWS event-stream decoder (§4): buffers partial frames across chunks, checks the prelude CRC and the
/// message CRC of every frame, and hands whole messages to the handler. A bad frame is the provider's fault: the
/// decoder returns an upstream error and stops (§7.10 item 22). One instance per response stream.
/// </summary>
internal sealed class AwsEventStreamDecoder : IDisposable
{
    private const int PreludeLength = 12;
    private const int MaxMessageLength = 24 * 1024 * 1024;

    /// <summary>The header values of every ConverseStream / InvokeModelWithResponseStream frame, shared instead of a string per frame.</summary>
    private static readonly KnownStrings HeaderValues = new(
        "event", "exception", "error", "chunk", "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata");

    private readonly PooledBufferWriter _pending = new(1024);
    private GatewayError? _failure;

    /// <summary>True when bytes of an unfinished frame are waiting for more input.</summary>
    public bool HasPartialFrame => _pending.Count > 0;

    /// <summary>Feeds bytes; returns the framing error, if any (then and afterwards nothing more is decoded).</summary>
    public GatewayError? Decode(ReadOnlySpan<byte> chunk, IAwsEventStreamHandler handler)
    {
        if (_failure is not null)
        {
            return _failure;
        }

        if (_pending.Count == 0)
        {
            var used = DecodeWhole(chunk, handler);
            if (_failure is not null)
            {
                return _failure;
            }

            _pending.Write(chunk[used..]);
            return null;
        }

        _pending.Write(chunk);
        var consumed = DecodeWhole(_pending.WrittenSpan, handler);
        _pending.Consume(consumed);
        return _failure;
    }

    public void Dispose() => _pending.Dispose();

    private int DecodeWhole(ReadOnlySpan<byte> bytes, IAwsEventStreamHandler handler)
    {
        var offset = 0;
        while (bytes.Length - offset >= PreludeLength)
        {
            var frame = bytes[offset..];
            var totalLength = BinaryPrimitives.ReadUInt32BigEndian(frame);
            var headersLength = BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
            if (AwsCrc32.Compute(frame[..8]) != BinaryPrimitives.ReadUInt32BigEndian(frame[8..]))
            {
                return Fail("The provider's event stream failed its prelude checksum.", offset);
            }

            if (totalLength < 16 || totalLength > MaxMessageLength || headersLength > totalLength - 16)
            {
                return Fail("The provider's event stream has an invalid frame length.", offset);
            }

            if (frame.Length < totalLength)
            {
                break;
            }

            var message = frame[..(int)totalLength];
            var expected = BinaryPrimitives.ReadUInt32BigEndian(message[^4..]);
            if (AwsCrc32.Compute(message[..^4]) != expected)
            {
                return Fail("The provider's event stream failed its message checksum.", offset);
            }

            if (!Dispatch(message, (int)headersLength, handler))
            {
                return Fail("The provider's event stream has malformed headers.", offset);
            }

            offset += (int)totalLength;
        }

        return offset;
    }

    private int Fail(string message, int offset)
    {
        _failure = ProviderErrorMapper.StreamFault(message);
        return offset;
    }

    private static bool Dispatch(ReadOnlySpan<byte> message, int headersLength, IAwsEventStreamHandler handler)
    {
        var headers = message.Slice(PreludeLength, headersLength);
        var payload = message[(PreludeLength + headersLength)..^4];
        string? messageType = null, eventType = null, exceptionType = null, errorCode = null, errorMessage = null;
        while (headers.Length > 0)
        {
            int nameLength = headers[0];
            if (headers.Length < 2 + nameLength)
            {
                return false;
            }

            var name = headers.Slice(1, nameLength);
            var type = headers[1 + nameLength];
            headers = headers[(2 + nameLength)..];
            int valueLength;
            switch (type)
            {
                case 0 or 1:
                    valueLength = 0;
                    break;
                case 2:
                    valueLength = 1;
                    break;
                case 3:
                    valueLength = 2;
                    break;
                case 4:
                    valueLength = 4;
                    break;
                case 5 or 8:
                    valueLength = 8;
                    break;
                case 9:
                    valueLength = 16;
                    break;
                case 6 or 7:
                    if (headers.Length < 2)
                    {
                        return false;
                    }

                    valueLength = BinaryPrimitives.ReadUInt16BigEndian(headers);
                    headers = headers[2..];
                    break;
                default:
                    return false;
            }

            if (headers.Length < valueLength)
            {
                return false;
            }

            if (type == 7)
            {
                var value = headers[..valueLength];
                if (name.SequenceEqual(":message-type"u8))
                {
                    messageType = HeaderValues.Get(value);
                }
                else if (name.SequenceEqual(":event-type"u8))
                {
                    eventType = HeaderValues.Get(value);
                }
                else if (name.SequenceEqual(":exception-type"u8))
                {
                    exceptionType = Encoding.UTF8.GetString(value);
                }
                else if (name.SequenceEqual(":error-code"u8))
                {
                    errorCode = Encoding.UTF8.GetString(value);
                }
                else if (name.SequenceEqual(":error-message"u8))
                {
                    errorMessage = Encoding.UTF8.GetString(value);
                }
            }

            headers = headers[valueLength..];
        }

        handler.OnMessage(new AwsEventStreamMessage(messageType ?? "event", eventType, exceptionType, errorCode, errorMessage, payload));
        return true;
    }
}
