using AiGateway.Processor.Credentials;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Routing;

/// <summary>
/// Puts one attempt's provider request on the phase being answered: builds it from the ORIGINAL client request with
/// the backend's translator, injects the provider's credentials (SigV4 over the final host, path and body), sets
/// path, content type and provider headers, removes client credentials, and records the attempt so the response is
/// translated by this backend's translator. The upstream-level stream (one per attempt) and the router-level
/// single-backend fast path (adr/016) both call this: one translation path for both (DESIGN.md §2).
/// </summary>
internal sealed class AttemptRequestWriter
{
    /// <summary>
    /// Client credentials and accept-encoding (ext_proc sees the body as sent; a compressed provider answer could not
    /// be translated).
    /// </summary>
    private static readonly string[] ClientOnlyHeaders = ["authorization", "x-api-key", "api-key", "proxy-authorization", "cookie", "accept-encoding"];

    /// <summary>
    /// Internal routing headers. Only the upstream filter may remove them: at the router level Envoy still routes on
    /// them after this answer, so a fast-path cluster removes them with its header_mutation filter (adr/016).
    /// </summary>
    private static readonly string[] InternalHeaders = [RequestIdStage.HeaderName, ModelRouteStage.RouteHeader];

    private readonly IProviderRequestBuilder _builder;
    private readonly ProviderAuthenticator _authenticator;

    public AttemptRequestWriter(IProviderRequestBuilder builder, ProviderAuthenticator authenticator)
    {
        _builder = builder;
        _authenticator = authenticator;
    }

    /// <summary>The recorded attempt, or the error the client should get.</summary>
    /// <param name="startedAt">The attempt's monotonic start (TimeProvider.GetTimestamp).</param>
    /// <param name="upstreamFilter">
    /// True for the upstream-level filter, which also removes the internal headers and sets <c>:authority</c> (it has
    /// <c>allow_all_routing</c>). The router-level filter may not: there the route's <c>host_rewrite_literal</c> sets
    /// the host, which <c>aigw check</c> proves equal to the backend's (ext-proc-protocol.md §0.6). There a provider
    /// body equal to the body Envoy holds (passthrough that patches nothing) is not sent back: Envoy forwards its own
    /// bytes with its own content-length, and 8 KB are neither serialized nor copied twice.
    /// </param>
    public async ValueTask<(UpstreamAttempt? Attempt, GatewayError? Error)> WriteAsync(PhaseContext context, RoutedRequest routed, BackendTarget target, long startedAt, bool upstreamFilter, CancellationToken cancellationToken)
    {
        var (request, error) = _builder.Build(routed, target);
        if (error is not null)
        {
            return (null, error);
        }

        var credentials = await _authenticator.HeadersAsync(target, request!, cancellationToken).ConfigureAwait(false);
        var attempt = routed.RecordAttempt(target, startedAt);

        // Envoy applies removals before sets (ext-proc-protocol.md §3.5): a removed client header set again below
        // (authorization) carries the provider's value.
        foreach (var name in ClientOnlyHeaders)
        {
            context.RemoveHeader(name);
        }

        if (upstreamFilter)
        {
            foreach (var name in InternalHeaders)
            {
                context.RemoveHeader(name);
            }
        }

        foreach (var name in request!.RemovedHeaders)
        {
            context.RemoveHeader(name);
        }

        context.SetHeader(":path", request.PathAndQuery);
        if (upstreamFilter)
        {
            context.SetHeader(":authority", target.Authority);
        }

        context.SetHeader("content-type", request.ContentType);
        foreach (var (name, value) in request.Headers)
        {
            context.SetHeader(name, value);
        }

        foreach (var (name, value) in credentials)
        {
            context.SetHeader(name, value);
        }

        if (upstreamFilter || context.ReplacementBody is not null || !request.Body.Span.SequenceEqual(context.Body.Span))
        {
            context.ReplaceBody(request.Body);
        }

        context.SetMetadata("backend", target.BackendName);
        return (attempt, null);
    }
}
