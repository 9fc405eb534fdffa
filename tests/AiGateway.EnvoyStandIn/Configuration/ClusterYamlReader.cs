using Envoy.Config.Common.MutationRules.V3;
using Envoy.Config.Core.V3;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>Reads a cluster: endpoints with priority and metadata, protocol options with upstream HTTP filters, TLS.</summary>
internal static class ClusterYamlReader
{
    private const string ProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    public static ClusterConfig Read(YamlCursor cursor)
    {
        var cluster = cursor.Map();
        var name = cluster.Required("name").String();
        var type = cluster.Optional("type")?.String() ?? "STATIC";
        if (type is not ("STATIC" or "STRICT_DNS" or "LOGICAL_DNS"))
        {
            throw new EnvoyConfigException($"{cluster.Path}.type", $"cluster type {type} is not emulated");
        }

        if (cluster.Optional("lb_policy") is { } lbPolicy && lbPolicy.String() != "ROUND_ROBIN")
        {
            throw lbPolicy.Error("only ROUND_ROBIN is emulated");
        }

        var connectTimeout = cluster.Optional("connect_timeout")?.Duration() ?? TimeSpan.FromSeconds(5);
        var bufferLimit = cluster.Optional("per_connection_buffer_limit_bytes")?.Long() ?? 1024 * 1024;
        // Connection limits and DNS refresh change nothing the stand-in emulates (one loopback upstream, no DNS).
        cluster.Accept("circuit_breakers");
        cluster.Accept("dns_refresh_rate");
        cluster.Accept("respect_dns_ttl");
        cluster.Accept("dns_lookup_family");
        var endpoints = ReadLoadAssignment(cluster.Required("load_assignment"), name);

        var http2 = false;
        ExtProcFilterConfig? extProc = null;
        IReadOnlyList<HeaderMutation> mutations = [];
        if (cluster.Optional("typed_extension_protocol_options") is { } optionsCursor)
        {
            var options = optionsCursor.Map();
            (http2, extProc, mutations) = ReadProtocolOptions(options.Required(ProtocolOptionsKey));
            options.EnsureAllRead();
        }

        var tls = cluster.Optional("transport_socket") is { } socketCursor ? ReadTls(socketCursor) : null;
        cluster.EnsureAllRead();
        return new ClusterConfig(name, connectTimeout, http2, bufferLimit, endpoints, extProc, mutations, tls);
    }

    private static List<EndpointConfig> ReadLoadAssignment(YamlCursor cursor, string clusterName)
    {
        var assignment = cursor.Map();
        if (assignment.Optional("cluster_name") is { } nameCursor && nameCursor.String() != clusterName)
        {
            throw nameCursor.Error($"must equal the cluster name {clusterName}");
        }

        var endpoints = new List<EndpointConfig>();
        foreach (var localityCursor in assignment.Required("endpoints").Sequence())
        {
            var locality = localityCursor.Map();
            var priority = locality.Optional("priority")?.Int() ?? 0;
            foreach (var lbEndpointCursor in locality.Required("lb_endpoints").Sequence())
            {
                var lbEndpoint = lbEndpointCursor.Map();
                var endpoint = lbEndpoint.Required("endpoint").Map();
                var address = endpoint.Required("address").Map();
                var socket = address.Required("socket_address").Map();
                var host = socket.Required("address").String();
                var port = socket.Required("port_value").Int();
                socket.EnsureAllRead();
                address.EnsureAllRead();
                endpoint.EnsureAllRead();
                var metadata = lbEndpoint.Optional("metadata")?.Parse<Metadata>() ?? new Metadata();
                lbEndpoint.EnsureAllRead();
                endpoints.Add(new EndpointConfig(host, port, priority, metadata));
            }

            locality.EnsureAllRead();
        }

        assignment.EnsureAllRead();
        if (endpoints.Count == 0)
        {
            throw cursor.Error("a cluster needs at least one endpoint");
        }

        return endpoints;
    }

    private static (bool Http2, ExtProcFilterConfig? ExtProc, IReadOnlyList<HeaderMutation> Mutations) ReadProtocolOptions(YamlCursor cursor)
    {
        var options = cursor.Map();
        options.ExpectType(ProtocolOptionsKey);
        // Pool idle timeouts are not emulated: the stand-in's upstream connections live as long as the test.
        options.Accept("common_http_protocol_options");
        var explicitConfig = options.Required("explicit_http_config").Map();
        var h2 = explicitConfig.Optional("http2_protocol_options");
        var h1 = explicitConfig.Optional("http_protocol_options");
        var http2 = h2 is not null;
        if ((h1 is null) == (h2 is null))
        {
            throw new EnvoyConfigException(explicitConfig.Path, "exactly one of http_protocol_options or http2_protocol_options is emulated");
        }

        RequireEmpty((h2 ?? h1)!);
        explicitConfig.EnsureAllRead();

        if (options.Optional("upstream_http_protocol_options") is { } upstreamOptionsCursor)
        {
            // auto_sni: the stand-in always names the endpoint host in SNI, which is the same host here.
            var upstreamOptions = upstreamOptionsCursor.Map();
            upstreamOptions.Optional("auto_sni")?.Bool();
            upstreamOptions.EnsureAllRead();
        }

        ExtProcFilterConfig? extProc = null;
        var mutations = new List<HeaderMutation>();
        if (options.Optional("http_filters") is { } filtersCursor)
        {
            (extProc, mutations) = ReadUpstreamFilters(filtersCursor);
        }

        options.EnsureAllRead();
        return (http2, extProc, mutations);
    }

    // Envoy requires upstream_codec last (ext-proc-protocol.md §2.6); the stand-in emulates [ext_proc?, header_mutation?, upstream_codec].
    private static (ExtProcFilterConfig?, List<HeaderMutation>) ReadUpstreamFilters(YamlCursor cursor)
    {
        var filters = cursor.Sequence();
        ExtProcFilterConfig? extProc = null;
        var mutations = new List<HeaderMutation>();
        var stage = 0;
        for (var i = 0; i < filters.Count; i++)
        {
            var filter = filters[i].Map();
            var name = filter.Required("name").String();
            var typed = filter.Required("typed_config");
            filter.EnsureAllRead();
            var order = name switch
            {
                "envoy.filters.http.ext_proc" => 1,
                "envoy.filters.http.header_mutation" => 2,
                "envoy.filters.http.upstream_codec" => 3,
                _ => 0,
            };
            if (order <= stage || (order == 3) != (i == filters.Count - 1))
            {
                throw new EnvoyConfigException($"{filter.Path}.name", $"{name} here is not emulated: http_filters must be [ext_proc?, header_mutation?, upstream_codec]");
            }

            stage = order;
            switch (order)
            {
                case 1:
                    extProc = ExtProcYamlReader.Read(typed, upstream: true);
                    break;
                case 2:
                    mutations.AddRange(ReadHeaderMutationFilter(typed));
                    break;
                default:
                    var codec = typed.Map();
                    codec.ExpectType("envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec");
                    codec.EnsureAllRead();
                    break;
            }
        }

        return (extProc, mutations);
    }

    private static List<HeaderMutation> ReadHeaderMutationFilter(YamlCursor cursor)
    {
        var config = cursor.Map();
        config.ExpectType("envoy.extensions.filters.http.header_mutation.v3.HeaderMutation");
        var mutations = config.Required("mutations").Map();
        var request = mutations.Required("request_mutations").Sequence().Select(c => c.Parse<HeaderMutation>()).ToList();
        mutations.EnsureAllRead();
        config.EnsureAllRead();
        return request;
    }

    private static TlsConfig ReadTls(YamlCursor cursor)
    {
        var socket = cursor.Map();
        if (socket.Required("name").String() != "envoy.transport_sockets.tls")
        {
            throw new EnvoyConfigException($"{socket.Path}.name", "only envoy.transport_sockets.tls is emulated");
        }

        var typed = socket.Required("typed_config").Map();
        socket.EnsureAllRead();
        typed.ExpectType("envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext");
        var sni = typed.Optional("sni")?.String();
        typed.EnsureAllRead();
        return new TlsConfig(sni);
    }

    private static void RequireEmpty(YamlCursor cursor) => cursor.Map().EnsureAllRead();
}
