using AiGateway.EnvoyStandIn.Configuration;
using AiGateway.EnvoyStandIn.ExtProc;
using AiGateway.EnvoyStandIn.Http;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>
/// The router filter for a cluster route: attempts with retries across priorities, each attempt running the cluster's
/// upstream HTTP filters (ext_proc → header_mutation → upstream_codec) anew (ext-proc-protocol.md §2.6).
/// </summary>
internal sealed class UpstreamRouter(ClusterSet clusters, TimeProvider time, ILogger logger)
{
    public async Task<UpstreamResponse> ForwardAsync(
        RouteConfig route, HeaderList headers, byte[] body, DynamicMetadata requestMetadata, List<AttemptRecord> attempts, CancellationToken cancel)
    {
        var action = route.Action!;
        var cluster = clusters[action.Cluster];
        if (action.HostRewriteLiteral is { } host)
        {
            // Envoy's router rewrites the host when it finalizes the request headers, before any upstream filter
            // runs, so every attempt (and the upstream ext_proc) sees the rewritten :authority.
            headers = headers.Clone();
            headers.Set(":authority", host);
        }

        var policy = action.RetryPolicy;
        var maxAttempts = 1 + (policy?.NumRetries ?? 0);
        var excluded = new HashSet<int>();
        using var routeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (action.Timeout > TimeSpan.Zero)
        {
            routeTimeout.CancelAfter(action.Timeout);
        }

        for (var attempt = 1; ; attempt++)
        {
            var endpoint = cluster.Pick(excluded);
            var (response, failure, metadata) = await AttemptAsync(route, cluster, endpoint, headers, body, requestMetadata, policy?.PerTryTimeout, routeTimeout.Token).ConfigureAwait(false);
            attempts.Add(new AttemptRecord(endpoint, response?.Status, failure, metadata.Snapshot()));
            if (routeTimeout.IsCancellationRequested && !cancel.IsCancellationRequested && response is null)
            {
                return UpstreamResponse.From(LocalReply.Text(504, "upstream request timeout", "upstream_response_timeout", fromExtProcFilter: false));
            }

            if (attempt < maxAttempts && policy is not null && IsRetriable(policy, response, failure))
            {
                ProxyLog.Retrying(logger, attempt, cluster.Config.Name, endpoint.ConfiguredAddress, endpoint.Priority, response?.Status, failure.ToString());
                response?.Dispose();
                if (policy.PreviousPriorities)
                {
                    excluded.Add(endpoint.Priority);
                    if (excluded.Count >= cluster.Priorities.Count)
                    {
                        excluded.Clear();
                    }
                }

                continue;
            }

            return response ?? FailureReply(failure);
        }
    }

    // retry_on: 5xx also covers resets, connect failures and per-try timeouts; gateway-error covers 502/503/504 and timeouts.
    private static bool IsRetriable(RetryPolicyConfig policy, UpstreamResponse? response, AttemptFailure failure)
    {
        var on = policy.RetryOn;
        if (response is null)
        {
            return failure switch
            {
                AttemptFailure.ConnectFailure => on.Contains("connect-failure") || on.Contains("5xx") || on.Contains("gateway-error"),
                AttemptFailure.Reset => on.Contains("reset") || on.Contains("5xx") || on.Contains("gateway-error"),
                AttemptFailure.PerTryTimeout => on.Contains("5xx") || on.Contains("gateway-error"),
                _ => false,
            };
        }

        var status = response.Status;
        return (on.Contains("5xx") && status >= 500)
            || (on.Contains("gateway-error") && status is 502 or 503 or 504)
            || (on.Contains("retriable-status-codes") && policy.RetriableStatusCodes.Contains(status));
    }

    private static UpstreamResponse FailureReply(AttemptFailure failure) => UpstreamResponse.From(failure switch
    {
        AttemptFailure.PerTryTimeout => LocalReply.Text(504, "upstream request timeout", "upstream_per_try_timeout", fromExtProcFilter: false),
        AttemptFailure.ConnectFailure => LocalReply.Text(503, "upstream connect error or disconnect/reset before headers. reset reason: connection failure", "upstream_reset_before_response_started{connection_failure}", fromExtProcFilter: false),
        _ => LocalReply.Text(503, "upstream connect error or disconnect/reset before headers. reset reason: connection termination", "upstream_reset_before_response_started{connection_termination}", fromExtProcFilter: false),
    });

    private async Task<(UpstreamResponse? Response, AttemptFailure Failure, DynamicMetadata Metadata)> AttemptAsync(
        RouteConfig route, UpstreamCluster cluster, UpstreamEndpoint endpoint, HeaderList routerHeaders, byte[] routerBody,
        DynamicMetadata requestMetadata, TimeSpan? perTryTimeout, CancellationToken cancel)
    {
        // Each attempt starts from the router's headers and its buffered body (§2.6 ⚠️ replayed body).
        var headers = routerHeaders.Clone();
        var body = routerBody;
        var metadata = new DynamicMetadata();
        using var perTry = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (perTryTimeout is { } limit && limit > TimeSpan.Zero)
        {
            perTry.CancelAfter(limit);
        }

        try
        {
            if (cluster.Config.UpstreamExtProc is { } extProcConfig)
            {
                var context = new ExtProcFilterContext(metadata, requestMetadata, a => ResolveAttribute(a, route, cluster, endpoint, headers), ClearRouteCache: null, time);
                // A new filter instance, hence a new gRPC stream, for every attempt (§1.1, §2.6).
                await using var filter = new ExtProcFilter(extProcConfig, clusters.ProcessorClient(extProcConfig.GrpcCluster), context);
                var step = await filter.OnHeadersAsync(Direction.Request, headers, endOfStream: body.Length == 0).WaitAsync(perTry.Token).ConfigureAwait(false);
                if (step.Reply is { } reply)
                {
                    // The upstream filter's local reply becomes this attempt's response (§2.6; ⚠️ whether Envoy retries on it is unverified, we let retry_on decide).
                    return (UpstreamResponse.From(reply), AttemptFailure.None, metadata);
                }

                body = step.ReplacedBody ?? body;
            }

            ApplyHeaderMutations(cluster, headers, metadata, requestMetadata);
            var (response, failure) = await UpstreamCodec.SendAsync(cluster, endpoint, headers, body, perTry.Token).ConfigureAwait(false);
            return (response, failure, metadata);
        }
        catch (OperationCanceledException) when (perTry.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            return (null, AttemptFailure.PerTryTimeout, metadata);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return (null, AttemptFailure.PerTryTimeout, metadata);
        }
    }

    /// <summary>The header_mutation upstream filter; unlike ext_proc it honours append_action.</summary>
    private static void ApplyHeaderMutations(UpstreamCluster cluster, HeaderList headers, DynamicMetadata attemptMetadata, DynamicMetadata requestMetadata)
    {
        foreach (var mutation in cluster.Config.UpstreamRequestMutations)
        {
            if (mutation.ActionCase == Envoy.Config.Common.MutationRules.V3.HeaderMutation.ActionOneofCase.Remove)
            {
                headers.Remove(mutation.Remove.ToLowerInvariant());
                continue;
            }

            if (mutation.Append?.Header is not { } header)
            {
                continue;
            }

            var name = header.Key.ToLowerInvariant();
            var value = HeaderValueFormatter.Format(header.Value, attemptMetadata, requestMetadata);
            if (value.Length == 0 && !mutation.Append.KeepEmptyValue)
            {
                continue;
            }

            switch (mutation.Append.AppendAction)
            {
                case HeaderValueOption.Types.HeaderAppendAction.AddIfAbsent when !headers.Contains(name):
                case HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd:
                    headers.Add(name, value);
                    break;
                case HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd:
                case HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExists when headers.Contains(name):
                    headers.Set(name, value);
                    break;
            }
        }
    }

    private static Value? ResolveAttribute(string attribute, RouteConfig route, UpstreamCluster cluster, UpstreamEndpoint endpoint, HeaderList headers)
    {
        var hostMetadata = ExtProcYamlReader.HostMetadataAttribute().Match(attribute);
        if (hostMetadata.Success)
        {
            // The picked endpoint's lb_endpoint metadata (§6, Envoy AI Gateway's per-attempt backend lookup).
            return endpoint.Metadata.FilterMetadata.TryGetValue(hostMetadata.Groups[1].Value, out var ns)
                && ns.Fields.TryGetValue(hostMetadata.Groups[2].Value, out var value) ? value : null;
        }

        return attribute switch
        {
            "xds.cluster_name" => Value.ForString(cluster.Config.Name),
            "xds.route_name" => Value.ForString(route.Name),
            "request.path" => headers.Get(":path") is { } p ? Value.ForString(p) : null,
            "request.method" => headers.Get(":method") is { } m ? Value.ForString(m) : null,
            "request.host" => headers.Get(":authority") is { } h ? Value.ForString(h) : null,
            _ => null,
        };
    }
}
