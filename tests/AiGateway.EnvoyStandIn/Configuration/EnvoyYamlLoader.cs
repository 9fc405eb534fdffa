using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>
/// Reads the strict subset of Envoy's bootstrap YAML the stand-in emulates. Anything else is an
/// <see cref="EnvoyConfigException"/> naming its YAML path, never silently ignored.
/// </summary>
internal static class EnvoyYamlLoader
{
    private const string HcmType = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
    private const string DefaultBufferLimit = "1048576";

    public static StandInConfig Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new EnvoyConfigException("(yaml)", $"not valid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new EnvoyConfigException("(yaml)", "expected exactly one YAML document");
        }

        var root = new YamlCursor(stream.Documents[0].RootNode, string.Empty).Map();
        var resources = root.Required("static_resources").Map();
        root.EnsureAllRead();

        var clusters = new Dictionary<string, ClusterConfig>(StringComparer.Ordinal);
        foreach (var cursor in resources.Required("clusters").Sequence())
        {
            var cluster = ClusterYamlReader.Read(cursor);
            if (!clusters.TryAdd(cluster.Name, cluster))
            {
                throw cursor.Error($"duplicate cluster name {cluster.Name}");
            }
        }

        var listeners = resources.Required("listeners").Sequence();
        resources.EnsureAllRead();
        if (listeners.Count != 1)
        {
            throw new EnvoyConfigException("static_resources.listeners", "the stand-in emulates exactly one listener");
        }

        var config = new StandInConfig(ReadListener(listeners[0]), clusters);
        CheckReferences(config);
        return config;
    }

    private static ListenerConfig ReadListener(YamlCursor cursor)
    {
        var listener = cursor.Map();
        listener.Accept("name");
        var socket = listener.Required("address").Map();
        var socketAddress = socket.Required("socket_address").Map();
        socket.EnsureAllRead();
        var address = socketAddress.Required("address").String();
        var port = socketAddress.Required("port_value").Int();
        socketAddress.EnsureAllRead();
        var bufferLimit = listener.Optional("per_connection_buffer_limit_bytes")?.Long() ?? long.Parse(DefaultBufferLimit, System.Globalization.CultureInfo.InvariantCulture);

        var chains = listener.Required("filter_chains").Sequence();
        if (chains.Count != 1)
        {
            throw new EnvoyConfigException($"{listener.Path}.filter_chains", "the stand-in emulates exactly one filter chain");
        }

        var chain = chains[0].Map();
        var filters = chain.Required("filters").Sequence();
        chain.EnsureAllRead();
        if (filters.Count != 1)
        {
            throw new EnvoyConfigException($"{chain.Path}.filters", "expected exactly one filter: envoy.filters.network.http_connection_manager");
        }

        var filter = filters[0].Map();
        if (filter.Required("name").String() != "envoy.filters.network.http_connection_manager")
        {
            throw new EnvoyConfigException($"{filter.Path}.name", "only envoy.filters.network.http_connection_manager is emulated");
        }

        var hcm = filter.Required("typed_config").Map();
        filter.EnsureAllRead();
        listener.EnsureAllRead();
        hcm.ExpectType(HcmType);
        hcm.Accept("stat_prefix");
        // request_timeout 0s and a stream idle timeout of minutes: nothing a test reaches, not emulated.
        hcm.Accept("request_timeout");
        hcm.Accept("stream_idle_timeout");
        // Access logs are Envoy's output, not behaviour: the stand-in keeps its own request log (StandInRequestLog).
        hcm.Accept("access_log");
        var codec = hcm.Optional("codec_type")?.String() ?? "AUTO";
        if (codec is not ("AUTO" or "HTTP1" or "HTTP2"))
        {
            throw new EnvoyConfigException($"{hcm.Path}.codec_type", $"unknown codec_type {codec}");
        }

        var virtualHosts = RouteYamlReader.ReadRouteConfig(hcm.Required("route_config"));
        var extProc = ReadHttpFilters(hcm.Required("http_filters"));
        hcm.EnsureAllRead();
        return new ListenerConfig(address, port, codec, bufferLimit, virtualHosts, extProc);
    }

    private static ExtProcFilterConfig? ReadHttpFilters(YamlCursor cursor)
    {
        var filters = cursor.Sequence();
        ExtProcFilterConfig? extProc = null;
        for (var i = 0; i < filters.Count; i++)
        {
            var filter = filters[i].Map();
            var name = filter.Required("name").String();
            var typed = filter.Required("typed_config");
            filter.EnsureAllRead();
            var isLast = i == filters.Count - 1;
            switch (name)
            {
                case "envoy.filters.http.ext_proc" when extProc is null && !isLast:
                    extProc = ExtProcYamlReader.Read(typed, upstream: false);
                    break;
                case "envoy.filters.http.router" when isLast:
                    var router = typed.Map();
                    router.ExpectType("envoy.extensions.filters.http.router.v3.Router");
                    router.EnsureAllRead();
                    break;
                default:
                    throw new EnvoyConfigException($"{filter.Path}.name", $"{name} here is not emulated: http_filters must be [envoy.filters.http.ext_proc (optional), envoy.filters.http.router]");
            }
        }

        if (filters.Count == 0)
        {
            throw cursor.Error("the last HTTP filter must be envoy.filters.http.router");
        }

        return extProc;
    }

    private static void CheckReferences(StandInConfig config)
    {
        foreach (var extProc in AllExtProcFilters(config))
        {
            if (!config.Clusters.TryGetValue(extProc.GrpcCluster, out var grpcCluster))
            {
                throw new EnvoyConfigException($"{extProc.YamlPath}.grpc_service.envoy_grpc.cluster_name", $"unknown cluster {extProc.GrpcCluster}");
            }

            if (!grpcCluster.Http2)
            {
                throw new EnvoyConfigException($"{extProc.YamlPath}.grpc_service.envoy_grpc.cluster_name", $"gRPC cluster {extProc.GrpcCluster} must use explicit http2_protocol_options");
            }
        }

        foreach (var route in config.Listener.VirtualHosts.SelectMany(v => v.Routes))
        {
            if (route.Action is { } action && !config.Clusters.ContainsKey(action.Cluster))
            {
                throw new EnvoyConfigException($"route {route.Name}", $"unknown cluster {action.Cluster}");
            }
        }
    }

    private static IEnumerable<ExtProcFilterConfig> AllExtProcFilters(StandInConfig config)
    {
        if (config.Listener.ExtProc is { } router)
        {
            yield return router;
        }

        foreach (var cluster in config.Clusters.Values)
        {
            if (cluster.UpstreamExtProc is { } upstream)
            {
                yield return upstream;
            }
        }
    }
}
