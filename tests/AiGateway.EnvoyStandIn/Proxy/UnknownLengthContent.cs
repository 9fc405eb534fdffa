using System.Net;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>A body sent without content-length (chunked on HTTP/1.1), as Envoy does after stripping it (§3.6).</summary>
internal sealed class UnknownLengthContent(byte[] body) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(body, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
