using AiGateway.EnvoyStandIn.Configuration;
using Grpc.Net.Client;
using ExternalProcessorService = Envoy.Service.ExtProc.V3.ExternalProcessor;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>All clusters with start-up overrides applied, and one gRPC channel per processor cluster.</summary>
internal sealed class ClusterSet : IDisposable
{
    private readonly Dictionary<string, UpstreamCluster> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public ClusterSet(StandInConfig config, StandInOptions options)
    {
        var processorClusters = new HashSet<string>(StringComparer.Ordinal);
        if (config.Listener.ExtProc is { } router)
        {
            processorClusters.Add(router.GrpcCluster);
        }

        foreach (var cluster in config.Clusters.Values)
        {
            if (cluster.UpstreamExtProc is { } upstream)
            {
                processorClusters.Add(upstream.GrpcCluster);
            }
        }

        foreach (var cluster in config.Clusters.Values)
        {
            var isProcessor = processorClusters.Contains(cluster.Name);
            var endpoints = cluster.Endpoints.Select(e => Resolve(cluster, e, isProcessor, options)).ToList();
            _clusters[cluster.Name] = new UpstreamCluster(cluster, endpoints);
            foreach (var mutation in cluster.UpstreamRequestMutations)
            {
                if (mutation.Append?.Header is { } header)
                {
                    HeaderValueFormatter.Validate(header.Value, $"cluster {cluster.Name} header_mutation {header.Key}");
                }
            }
        }

        foreach (var name in processorClusters)
        {
            var cluster = _clusters[name];
            // gRPC to the processor: the cluster's first endpoint, HTTP/2 cleartext (ext-proc-protocol.md §1.1).
            _channels[name] = GrpcChannel.ForAddress(cluster.Endpoints[0].Target, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler { ConnectTimeout = cluster.Config.ConnectTimeout, EnableMultipleHttp2Connections = true },
                DisposeHttpClient = true,
                MaxReceiveMessageSize = null,
                MaxSendMessageSize = null,
            });
        }
    }

    public UpstreamCluster this[string name] => _clusters[name];

    public ExternalProcessorService.ExternalProcessorClient ProcessorClient(string cluster) => new(_channels[cluster]);

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        foreach (var cluster in _clusters.Values)
        {
            cluster.Dispose();
        }
    }

    private static UpstreamEndpoint Resolve(ClusterConfig cluster, EndpointConfig endpoint, bool isProcessor, StandInOptions options)
    {
        var configured = $"{endpoint.Host}:{endpoint.Port}";
        var target = options.EndpointOverrides.GetValueOrDefault(configured)
            ?? options.ClusterOverrides.GetValueOrDefault(cluster.Name)
            ?? (isProcessor ? options.ProcessorAddress : options.UpstreamOverride);
        if (target is null)
        {
            var scheme = cluster.Tls is null ? "http" : "https";
            target = new Uri($"{scheme}://{endpoint.Host}:{endpoint.Port}");
        }
        else if (target.Scheme != Uri.UriSchemeHttp)
        {
            // Overridden endpoints are fakes on loopback: TLS off.
            throw new EnvoyConfigException($"override for {cluster.Name} {configured}", "override addresses must be http://host:port");
        }

        return new UpstreamEndpoint(cluster.Name, endpoint.Priority, new Uri(target.GetLeftPart(UriPartial.Authority)), configured, endpoint.Metadata);
    }
}
