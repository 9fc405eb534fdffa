using System.Collections.Concurrent;
using AiGateway.Processor.ExtProc;

namespace AiGateway.Processor.Routing;

/// <summary>
/// Client requests in flight, by gateway request id, shared by the router-level stream that saved them and the
/// upstream-level streams of their attempts (one process serves both levels: DESIGN.md §1). An entry lives as long
/// as its router-level stream, which outlives every attempt.
/// </summary>
internal sealed class RequestStore : IExchangeEndObserver
{
    private readonly ConcurrentDictionary<string, RoutedRequest> _requests = new(StringComparer.Ordinal);

    public int Count => _requests.Count;

    /// <summary>False when the id is taken (e.g. a client replayed an Envoy request id): the caller picks a fresh id.</summary>
    public bool TryAdd(RoutedRequest request) => _requests.TryAdd(request.RequestId, request);

    public bool TryGet(string requestId, out RoutedRequest request) => _requests.TryGetValue(requestId, out request!);

    public void OnExchangeEnd(Exchange exchange)
    {
        if (exchange.Level == FilterLevel.Router && exchange.RequestId is { } id && exchange.Routed is { } routed)
        {
            // Remove only our own entry, never one another request registered under a reused id.
            _requests.TryRemove(new KeyValuePair<string, RoutedRequest>(id, routed));
        }
    }
}
