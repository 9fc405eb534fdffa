using Grpc.Core;

namespace AiGateway.Processor.ExtProc.Replay;

/// <summary>A server call context for driving the ext_proc service in-process (replay, bench), without a transport.</summary>
internal sealed class InMemoryCallContext(CancellationToken cancellationToken) : ServerCallContext
{
    private readonly Metadata _responseTrailers = [];

    protected override string MethodCore => "/envoy.service.ext_proc.v3.ExternalProcessor/Process";

    protected override string HostCore => "in-memory";

    protected override string PeerCore => "in-memory";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => [];

    protected override CancellationToken CancellationTokenCore => cancellationToken;

    protected override Metadata ResponseTrailersCore => _responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
