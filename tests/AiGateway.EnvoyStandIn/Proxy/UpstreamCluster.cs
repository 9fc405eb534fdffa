using System.Net;
using AiGateway.EnvoyStandIn.Configuration;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>
/// A cluster at run time: its endpoints and one connection pool (SocketsHttpHandler), HTTP/1.1 or HTTP/2 prior
/// knowledge as its protocol options say.
/// </summary>
internal sealed class UpstreamCluster : IDisposable
{
    private readonly Dictionary<int, int> _roundRobin = [];
    private readonly Lock _lock = new();

    public UpstreamCluster(ClusterConfig config, IReadOnlyList<UpstreamEndpoint> endpoints)
    {
        Config = config;
        Endpoints = endpoints;
        Priorities = endpoints.Select(e => e.Priority).Distinct().Order().ToList();
        Handler = new SocketsHttpHandler
        {
            ConnectTimeout = config.ConnectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            EnableMultipleHttp2Connections = true,
        };
        Invoker = new HttpMessageInvoker(Handler, disposeHandler: true);
    }

    public ClusterConfig Config { get; }

    public IReadOnlyList<UpstreamEndpoint> Endpoints { get; }

    public IReadOnlyList<int> Priorities { get; }

    public SocketsHttpHandler Handler { get; }

    public HttpMessageInvoker Invoker { get; }

    public Version HttpVersion => Config.Http2 ? System.Net.HttpVersion.Version20 : System.Net.HttpVersion.Version11;

    /// <summary>
    /// All endpoints are healthy (no health checks), so the priority load goes to the lowest priority not excluded;
    /// previous_priorities excludes the ones already tried, and once all are excluded it starts over.
    /// </summary>
    public UpstreamEndpoint Pick(IReadOnlySet<int> excludedPriorities)
    {
        var priority = Priorities.FirstOrDefault(p => !excludedPriorities.Contains(p), Priorities[0]);
        var candidates = Endpoints.Where(e => e.Priority == priority).ToList();
        lock (_lock)
        {
            var next = _roundRobin.GetValueOrDefault(priority);
            _roundRobin[priority] = next + 1;
            return candidates[next % candidates.Count];
        }
    }

    public void Dispose() => Invoker.Dispose();
}
