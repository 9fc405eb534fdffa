using System.Threading.Channels;
using Grpc.Core;

namespace AiGateway.Processor.ExtProc.Replay;

/// <summary>One direction of an in-process gRPC stream: the driver writes, the service reads (or the reverse).</summary>
internal sealed class InMemoryStream<T> : IAsyncStreamReader<T>, IServerStreamWriter<T>
    where T : class
{
    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public T Current { get; private set; } = null!;

    public WriteOptions? WriteOptions { get; set; }

    public ChannelReader<T> Reader => _channel.Reader;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _channel.Reader.TryRead(out var item))
        {
            Current = item;
            return true;
        }

        return false;
    }

    public Task WriteAsync(T message) => _channel.Writer.WriteAsync(message).AsTask();

    public Task WriteAsync(T message, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(message, cancellationToken).AsTask();

    /// <summary>Half-close: the reader sees the end of the stream.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
