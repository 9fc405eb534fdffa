using System.Text.RegularExpressions;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>
/// Parses an ext_proc typed_config into the generated <see cref="ExternalProcessor"/> (strict protobuf JSON)
/// and rejects the features the stand-in does not emulate.
/// </summary>
internal static partial class ExtProcYamlReader
{
    public static ExtProcFilterConfig Read(YamlCursor cursor, bool upstream)
    {
        var proto = cursor.ParseTyped<ExternalProcessor>();
        var path = cursor.Path;
        if (proto.GrpcService?.EnvoyGrpc is not { } envoyGrpc)
        {
            throw new EnvoyConfigException($"{path}.grpc_service", "only grpc_service.envoy_grpc is emulated");
        }

        Reject(path, "observability_mode", proto.ObservabilityMode);
        Reject(path, "forward_rules", proto.ForwardRules is not null);
        Reject(path, "filter_metadata", proto.FilterMetadata is not null);
        Reject(path, "metadata_options.*.typed", proto.MetadataOptions is { } m && (m.ForwardingNamespaces?.Typed.Count > 0 || m.ReceivingNamespaces?.Typed.Count > 0));
        if (proto.DisableClearRouteCache && proto.RouteCacheAction != ExternalProcessor.Types.RouteCacheAction.Default)
        {
            // Envoy rejects this combination (ext-proc-protocol.md §2.5).
            throw new EnvoyConfigException($"{path}.route_cache_action", "cannot be combined with disable_clear_route_cache");
        }

        var mode = proto.ProcessingMode ?? new ProcessingMode();
        if (mode.RequestBodyMode == BodySendMode.BufferedPartial || mode.ResponseBodyMode == BodySendMode.BufferedPartial)
        {
            throw new EnvoyConfigException($"{path}.processing_mode", "BUFFERED_PARTIAL is not emulated");
        }

        if (upstream && (mode.ResponseHeaderMode != HeaderSendMode.Skip || mode.ResponseBodyMode != BodySendMode.None
            || mode.RequestBodyMode != BodySendMode.None || mode.RequestTrailerMode == HeaderSendMode.Send || mode.ResponseTrailerMode == HeaderSendMode.Send))
        {
            throw new EnvoyConfigException($"{path}.processing_mode", "as an upstream filter the stand-in emulates request headers only (request_body_mode NONE, response_header_mode SKIP, bodies NONE, trailers SKIP)");
        }

        if (mode.RequestTrailerMode == HeaderSendMode.Send || mode.ResponseTrailerMode == HeaderSendMode.Send)
        {
            throw new EnvoyConfigException($"{path}.processing_mode", "trailer mode SEND is not emulated (the stand-in never has trailers)");
        }

        CheckAttributes(path, "request_attributes", proto.RequestAttributes, upstream);
        CheckAttributes(path, "response_attributes", proto.ResponseAttributes, upstream);

        return new ExtProcFilterConfig(proto, envoyGrpc.ClusterName, path);
    }

    private static void CheckAttributes(string path, string field, Google.Protobuf.Collections.RepeatedField<string> attributes, bool upstream)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            if (!IsSupportedAttribute(attributes[i], upstream))
            {
                throw new EnvoyConfigException($"{path}.{field}[{i}]", $"attribute {attributes[i]} is not emulated");
            }
        }
    }

    private static bool IsSupportedAttribute(string attribute, bool upstream) =>
        attribute is "request.path" or "request.method" or "request.host" or "xds.route_name" or "xds.cluster_name"
        || (upstream && HostMetadataAttribute().IsMatch(attribute));

    private static void Reject(string path, string field, bool isSet)
    {
        if (isSet)
        {
            throw new EnvoyConfigException($"{path}.{field}", "is not emulated by the Envoy stand-in");
        }
    }

    /// <summary><c>xds.upstream_host_metadata.filter_metadata['ns']['key']</c>.</summary>
    [GeneratedRegex(@"^xds\.upstream_host_metadata\.filter_metadata\['([^']+)'\]\['([^']+)'\]$")]
    internal static partial Regex HostMetadataAttribute();
}
