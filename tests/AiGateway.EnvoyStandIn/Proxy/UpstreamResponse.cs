using AiGateway.EnvoyStandIn.Http;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>
/// What comes back to the router-level filter: a real upstream response (body streamed from <see cref="Body"/>)
/// or a local reply (body in memory).
/// </summary>
internal sealed class UpstreamResponse(HeaderList headers, Stream? body, HttpResponseMessage? message, LocalReply? localReply) : IDisposable
{
    public HeaderList Headers { get; } = headers;

    public Stream? Body { get; } = body;

    public LocalReply? LocalReply { get; } = localReply;

    public int Status => int.Parse(Headers.Get(":status") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public static UpstreamResponse From(LocalReply reply) =>
        new(reply.Headers.Clone(), reply.Body.Length == 0 ? null : new MemoryStream(reply.Body, writable: false), null, reply);

    public void Dispose()
    {
        Body?.Dispose();
        message?.Dispose();
    }
}
