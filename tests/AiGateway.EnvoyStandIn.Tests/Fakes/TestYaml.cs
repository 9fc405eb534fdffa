namespace AiGateway.EnvoyStandIn.Tests.Fakes;

/// <summary>Envoy YAML for tests: one model route with two priorities (p0.example, p1.example), a direct_response, a dead cluster.</summary>
internal static class TestYaml
{
    public const string DefaultRouterExtProc = """
        processing_mode: {request_header_mode: SEND, request_body_mode: BUFFERED, response_header_mode: SEND, response_body_mode: BUFFERED}
        message_timeout: 5s
        allow_mode_override: true
        metadata_options: {receiving_namespaces: {untyped: [aigw]}, forwarding_namespaces: {untyped: [envoy.filters.http.jwt_authn]}}
        """;

    public const string DefaultUpstreamExtProc = """
        processing_mode: {request_header_mode: SEND, response_header_mode: SKIP}
        message_timeout: 5s
        request_attributes: ["xds.upstream_host_metadata.filter_metadata['aigw']['backend']"]
        metadata_options: {receiving_namespaces: {untyped: [aigw]}}
        mutation_rules: {allow_all_routing: true}
        """;

    public static string Build(
        string? routerExtProc = DefaultRouterExtProc,
        string? upstreamExtProc = null,
        bool headerMutation = true,
        int numRetries = 1,
        string perTryTimeout = "5s",
        long bufferLimit = 1024 * 1024,
        bool http2Upstream = false,
        string? hostRewriteLiteral = null)
    {
        var routerFilter = routerExtProc is null ? string.Empty : RouterFilterTemplate.Replace("@@BODY@@", Indent(routerExtProc, 14), StringComparison.Ordinal) + "\n";
        var upstreamFilters = upstreamExtProc is null ? string.Empty : UpstreamFiltersTemplate
            .Replace("@@BODY@@", Indent(upstreamExtProc, 12), StringComparison.Ordinal)
            .Replace("@@MUTATION@@", headerMutation ? HeaderMutationFilter : string.Empty, StringComparison.Ordinal) + "\n";
        return Template
            .Replace("@@ROUTER@@", routerFilter, StringComparison.Ordinal)
            .Replace("@@UPSTREAM@@", upstreamFilters, StringComparison.Ordinal)
            .Replace("@@RETRIES@@", numRetries.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@@PER_TRY@@", perTryTimeout, StringComparison.Ordinal)
            .Replace("@@BUFFER@@", bufferLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@@PROTOCOL@@", http2Upstream ? "http2_protocol_options" : "http_protocol_options", StringComparison.Ordinal)
            .Replace("@@HOST@@", hostRewriteLiteral is null ? string.Empty : "host_rewrite_literal: " + hostRewriteLiteral, StringComparison.Ordinal);
    }

    private const string RouterFilterTemplate = """
                  - name: envoy.filters.http.ext_proc
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor
                      grpc_service: {envoy_grpc: {cluster_name: aigw_processor}}
        @@BODY@@
        """;

    private const string UpstreamFiltersTemplate = """
                http_filters:
                - name: envoy.filters.http.ext_proc
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor
                    grpc_service: {envoy_grpc: {cluster_name: aigw_processor}}
        @@BODY@@
        @@MUTATION@@
                - name: envoy.filters.http.upstream_codec
                  typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec}
        """;

    private const string Template = """
        static_resources:
          listeners:
          - name: test
            address: {socket_address: {address: 127.0.0.1, port_value: 0}}
            per_connection_buffer_limit_bytes: @@BUFFER@@
            filter_chains:
            - filters:
              - name: envoy.filters.network.http_connection_manager
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                  stat_prefix: test
                  route_config:
                    virtual_hosts:
                    - name: all
                      domains: ["*"]
                      routes:
                      - name: model-a
                        match: {prefix: /, headers: [{name: x-aigw-route, string_match: {exact: model-a}}]}
                        route:
                          cluster: route_model-a
                          @@HOST@@
                          timeout: 0s
                          retry_policy:
                            retry_on: 5xx,reset,connect-failure,retriable-status-codes
                            retriable_status_codes: [429]
                            num_retries: @@RETRIES@@
                            per_try_timeout: @@PER_TRY@@
                            retry_priority:
                              name: envoy.retry_priorities.previous_priorities
                              typed_config:
                                "@type": type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig
                                update_frequency: 1
                      - name: direct
                        match: {path: /direct}
                        direct_response: {status: 418, body: {inline_string: teapot}}
                      - name: dead
                        match: {path: /dead}
                        route: {cluster: dead, timeout: 0s}
                      - name: catch_all
                        match: {prefix: /v1/}
                        direct_response: {status: 404, body: {inline_string: '{"error":"no route"}'}}
                        response_headers_to_add:
                        - header: {key: content-type, value: application/json}
                  http_filters:
        @@ROUTER@@          - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
          clusters:
          - name: aigw_processor
            connect_timeout: 1s
            load_assignment:
              cluster_name: aigw_processor
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 50051}}}}]}]
            typed_extension_protocol_options:
              envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                explicit_http_config: {http2_protocol_options: {}}
          - name: route_model-a
            connect_timeout: 1s
            load_assignment:
              cluster_name: route_model-a
              endpoints:
              - priority: 0
                lb_endpoints:
                - endpoint: {address: {socket_address: {address: p0.example, port_value: 443}}}
                  metadata: {filter_metadata: {aigw: {backend: backend-0}}}
              - priority: 1
                lb_endpoints:
                - endpoint: {address: {socket_address: {address: p1.example, port_value: 443}}}
                  metadata: {filter_metadata: {aigw: {backend: backend-1}}}
            typed_extension_protocol_options:
              envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                explicit_http_config: {@@PROTOCOL@@: {}}
        @@UPSTREAM@@    transport_socket:
              name: envoy.transport_sockets.tls
              typed_config: {"@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext}
          - name: dead
            connect_timeout: 1s
            load_assignment:
              cluster_name: dead
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 1}}}}]}]
        """;

    private const string HeaderMutationFilter = """
                - name: envoy.filters.http.header_mutation
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.http.header_mutation.v3.HeaderMutation
                    mutations:
                      request_mutations:
                      - append:
                          header: {key: content-length, value: "%DYNAMIC_METADATA(aigw:content_length)%"}
                          append_action: ADD_IF_ABSENT
        """;

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => new string(' ', spaces) + line));
}
