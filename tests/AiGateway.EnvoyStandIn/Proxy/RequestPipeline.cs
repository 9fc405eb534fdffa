using System.Threading.Channels;
using AiGateway.EnvoyStandIn.Configuration;
using AiGateway.EnvoyStandIn.ExtProc;
using AiGateway.EnvoyStandIn.Http;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>
/// One downstream request through the HCM: router-level ext_proc (decode), route selection, router with retries,
/// then the response (or a local reply) back through ext_proc (encode) to the client.
/// </summary>
internal sealed class RequestPipeline(
    ListenerConfig listener, ClusterSet clusters, StandInOptions options, ChannelWriter<StandInRequestLog> logs)
{
    private readonly RouteSelector _routes = new(listener.VirtualHosts);
    private readonly ILogger _logger = CreateLogger(options);
    private readonly UpstreamRouter _router = new(clusters, options.TimeProvider, CreateLogger(options));

    public async Task HandleAsync(HttpContext http)
    {
        var cancel = http.RequestAborted;
        var headers = DownstreamExchange.RequestHeaders(http);
        var method = headers.Get(":method")!;
        var path = headers.Get(":path")!;
        var metadata = new DynamicMetadata();
        if (options.DownstreamMetadata?.Invoke(http) is { } seeded)
        {
            foreach (var (ns, value) in seeded.FilterMetadata)
            {
                metadata.Merge(ns, value);
            }
        }

        var attempts = new List<AttemptRecord>();
        var status = 0;
        var details = "via_upstream";

        // The route is first computed when ext_proc decodes the headers; clear_route_cache forces a new lookup (§2.4, §3.10).
        var route = _routes.Select(headers);
        var routeCached = true;
        ExtProcFilter? filter = null;
        if (listener.ExtProc is { } extProcConfig)
        {
            var context = new ExtProcFilterContext(metadata, null, a => ResolveAttribute(a, route, headers), () => routeCached = false, options.TimeProvider);
            filter = new ExtProcFilter(extProcConfig, clusters.ProcessorClient(extProcConfig.GrpcCluster), context);
        }

        try
        {
            var hasBody = DownstreamExchange.RequestHasBody(http);
            var decoded = await DecodeAsync(http, filter, headers, hasBody, cancel).ConfigureAwait(false);
            if (decoded.Reply is { } ownReply)
            {
                // The filter's own replies never go back to its processor (§3.14).
                (status, details) = (ownReply.Status, ownReply.Details);
                await DownstreamExchange.WriteAsync(http, ownReply.Headers, ownReply.Body).ConfigureAwait(false);
                return;
            }

            if (!routeCached)
            {
                route = _routes.Select(headers);
            }

            using var response = await RouteAsync(route, headers, decoded.ReplacedBody!, metadata, attempts, cancel).ConfigureAwait(false);
            var encodeReply = await EncodeAsync(http, filter, response, method == "HEAD", cancel).ConfigureAwait(false);
            details = encodeReply?.Details ?? response.LocalReply?.Details ?? "via_upstream";
            status = http.Response.StatusCode;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            if (!cancel.IsCancellationRequested && http.Response.HasStarted)
            {
                // The upstream broke off after the response headers went out: Envoy's router resets the downstream
                // stream (HTTP/1.1: the connection closes without the last chunk), so the client never sees a clean end.
                http.Abort();
                details = "upstream_reset_after_response_started{connection_termination}";
            }
            else
            {
                details = "downstream_remote_disconnect";
            }
        }
        finally
        {
            if (filter is not null)
            {
                await filter.DisposeAsync().ConfigureAwait(false);
            }

            var log = new StandInRequestLog(
                method,
                path,
                status == 0 ? http.Response.StatusCode : status,
                route?.Name,
                details,
                metadata.Snapshot(),
                attempts.Select(a => new StandInAttemptLog(
                    a.Endpoint.Cluster, a.Endpoint.ConfiguredAddress, a.Endpoint.Priority, a.Endpoint.Metadata, a.Status,
                    a.Failure switch
                    {
                        AttemptFailure.ConnectFailure => "connect-failure",
                        AttemptFailure.Reset => "reset",
                        AttemptFailure.PerTryTimeout => "per-try-timeout",
                        _ => null,
                    },
                    a.DynamicMetadata)).ToList());
            ProxyLog.RequestCompleted(_logger, log.Method, log.Path, log.Status, log.RouteName, log.ResponseCodeDetails);
            options.OnRequestCompleted?.Invoke(log);
            logs.TryWrite(log);
        }
    }

    /// <summary>Request side of the router-level filter. Returns the final request body, or the filter's own reply.</summary>
    private async Task<FilterStep> DecodeAsync(HttpContext http, ExtProcFilter? filter, HeaderList headers, bool hasBody, CancellationToken cancel)
    {
        var step = filter is null ? FilterStep.Continue : await filter.OnHeadersAsync(Direction.Request, headers, endOfStream: !hasBody).ConfigureAwait(false);
        if (step.Reply is not null)
        {
            return step;
        }

        if (step.ReplacedBody is { } replaced)
        {
            // CONTINUE_AND_REPLACE: the client's body is read and discarded (§3.4).
            await http.Request.Body.CopyToAsync(Stream.Null, cancel).ConfigureAwait(false);
            return FilterStep.Replace(replaced);
        }

        if (!hasBody)
        {
            return FilterStep.Replace([]);
        }

        switch (filter?.BodyMode(Direction.Request) ?? BodySendMode.None)
        {
            case BodySendMode.Buffered:
                var body = await DownstreamExchange.ReadBodyAsync(http.Request.Body, listener.BufferLimitBytes, cancel).ConfigureAwait(false);
                if (body is null)
                {
                    // Over the buffer limit: 413 on the request path (§3.3). ⚠️ Sent straight to the client, not to the
                    // processor: the filter that buffers is the one that fails (§3.14 leaves this case open).
                    return FilterStep.Stop(LocalReply.Text(413, "Payload Too Large", "request_payload_too_large", fromExtProcFilter: true));
                }

                var bodyStep = await filter!.OnBufferedBodyAsync(Direction.Request, headers, body).ConfigureAwait(false);
                return bodyStep.Reply is not null ? bodyStep : FilterStep.Replace(bodyStep.ReplacedBody ?? body);
            case BodySendMode.Streamed:
                // ⚠️ Limit: the router here waits for the whole processed body before it contacts the upstream
                // (Envoy starts the upstream request at once and buffers for retries in parallel).
                using (var collected = new MemoryStream())
                {
                    var streamStep = await filter!.OnStreamedBodyAsync(
                        Direction.Request,
                        DownstreamExchange.ChunkReader(http.Request.Body),
                        data =>
                        {
                            collected.Write(data);
                            return ValueTask.CompletedTask;
                        }).ConfigureAwait(false);
                    return streamStep.Reply is not null ? streamStep : FilterStep.Replace(collected.ToArray());
                }

            default:
                var whole = await DownstreamExchange.ReadBodyAsync(http.Request.Body, long.MaxValue, cancel).ConfigureAwait(false);
                return FilterStep.Replace(whole!);
        }
    }

    private async Task<UpstreamResponse> RouteAsync(
        RouteConfig? route, HeaderList headers, byte[] body, DynamicMetadata metadata, List<AttemptRecord> attempts, CancellationToken cancel)
    {
        if (route is null)
        {
            // No route: Envoy's 404 with an empty body (details route_not_found).
            return UpstreamResponse.From(LocalReply.Text(404, string.Empty, "route_not_found", fromExtProcFilter: false));
        }

        if (route.DirectResponse is { } direct)
        {
            var reply = LocalReply.Text(direct.Status, direct.Body, "direct_response", fromExtProcFilter: false);
            // ⚠️ Envoy's prepareLocalReply runs the route's header additions before it defaults content-type to
            // text/plain (general Envoy knowledge, not in the reference), so a configured content-type wins.
            if (route.ResponseHeadersToAdd.Any(o => o.Header.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)))
            {
                reply.Headers.Remove("content-type");
            }

            foreach (var option in route.ResponseHeadersToAdd)
            {
                var name = option.Header.Key.ToLowerInvariant();
                if (option.AppendAction == Envoy.Config.Core.V3.HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd)
                {
                    reply.Headers.Add(name, option.Header.Value);
                }
                else if (option.AppendAction != Envoy.Config.Core.V3.HeaderValueOption.Types.HeaderAppendAction.AddIfAbsent || !reply.Headers.Contains(name))
                {
                    reply.Headers.Set(name, option.Header.Value);
                }
            }

            return UpstreamResponse.From(reply);
        }

        return await _router.ForwardAsync(route, headers, body, metadata, attempts, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Response side. Upstream responses and local replies of the router (503, 404, direct_response) both pass through
    /// the router-level filter (Envoy 1.37+, §3.14). Returns the filter's own reply when it made one.
    /// </summary>
    private async Task<LocalReply?> EncodeAsync(HttpContext http, ExtProcFilter? filter, UpstreamResponse response, bool isHead, CancellationToken cancel)
    {
        var headers = response.Headers;
        var endOfStream = response.Body is null || isHead || headers.Get("content-length") == "0" || response.Status is 204 or 304;
        var step = filter is null ? FilterStep.Continue : await filter.OnHeadersAsync(Direction.Response, headers, endOfStream).ConfigureAwait(false);
        if (step.Reply is { } headersReply)
        {
            await DownstreamExchange.WriteAsync(http, headersReply.Headers, headersReply.Body).ConfigureAwait(false);
            return headersReply;
        }

        if (step.ReplacedBody is { } replaced)
        {
            await DownstreamExchange.WriteAsync(http, headers, replaced).ConfigureAwait(false);
            return null;
        }

        if (endOfStream)
        {
            await DownstreamExchange.WriteHeadersAsync(http, headers).ConfigureAwait(false);
            return null;
        }

        switch (filter?.BodyMode(Direction.Response) ?? BodySendMode.None)
        {
            case BodySendMode.Buffered:
                var body = await DownstreamExchange.ReadBodyAsync(response.Body!, listener.BufferLimitBytes, cancel).ConfigureAwait(false);
                if (body is null)
                {
                    // Over the buffer limit on the response path: 500 (§3.3).
                    var tooLarge = LocalReply.Text(500, "Internal Server Error", "response_payload_too_large", fromExtProcFilter: true);
                    await DownstreamExchange.WriteAsync(http, tooLarge.Headers, tooLarge.Body).ConfigureAwait(false);
                    return tooLarge;
                }

                var bodyStep = await filter!.OnBufferedBodyAsync(Direction.Response, headers, body).ConfigureAwait(false);
                if (bodyStep.Reply is { } bodyReply)
                {
                    await DownstreamExchange.WriteAsync(http, bodyReply.Headers, bodyReply.Body).ConfigureAwait(false);
                    return bodyReply;
                }

                await DownstreamExchange.WriteAsync(http, headers, bodyStep.ReplacedBody ?? body).ConfigureAwait(false);
                return null;
            case BodySendMode.Streamed:
                await DownstreamExchange.WriteHeadersAsync(http, headers).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                var streamStep = await filter!.OnStreamedBodyAsync(
                    Direction.Response,
                    DownstreamExchange.ChunkReader(response.Body!),
                    async data =>
                    {
                        await http.Response.Body.WriteAsync(data, cancel).ConfigureAwait(false);
                        await http.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                if (streamStep.Reply is { } late)
                {
                    // Headers are already out: the client stream is reset (§3.9, §3.13).
                    http.Abort();
                    return late;
                }

                return null;
            default:
                await DownstreamExchange.WriteHeadersAsync(http, headers).ConfigureAwait(false);
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await response.Body!.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
                {
                    await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
                    await http.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                }

                return null;
        }
    }

    private static ILogger CreateLogger(StandInOptions options) =>
        (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("AiGateway.EnvoyStandIn");

    private static Value? ResolveAttribute(string attribute, RouteConfig? route, HeaderList headers) => attribute switch
    {
        "xds.route_name" => route is null ? null : Value.ForString(route.Name),
        "xds.cluster_name" => route?.Action is null ? null : Value.ForString(route.Action.Cluster),
        "request.path" => headers.Get(":path") is { } p ? Value.ForString(p) : null,
        "request.method" => headers.Get(":method") is { } m ? Value.ForString(m) : null,
        "request.host" => headers.Get(":authority") is { } h ? Value.ForString(h) : null,
        _ => null,
    };
}
