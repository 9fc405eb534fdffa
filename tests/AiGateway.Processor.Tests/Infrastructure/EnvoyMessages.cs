using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace AiGateway.Processor.Tests.Infrastructure;

/// <summary>ProcessingRequests shaped as Envoy sends them (ext-proc-protocol.md §4): pseudo-headers first, lower-case keys, raw_value only.</summary>
public static class EnvoyMessages
{
    public static ProcessingRequest RequestHeaders(string method, string path, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap();
        map.Headers.Add(Header(":authority", "localhost:8787"));
        map.Headers.Add(Header(":path", path));
        map.Headers.Add(Header(":method", method));
        map.Headers.Add(Header(":scheme", "http"));
        foreach (var (name, value) in headers)
        {
            map.Headers.Add(Header(name, value));
        }

        return new ProcessingRequest
        {
            RequestHeaders = new HttpHeaders { Headers = map, EndOfStream = method == "GET" },
            MetadataContext = new Metadata(),
        };
    }

    public static ProcessingRequest UpstreamRequestHeaders(string backend, params (string Name, string Value)[] headers)
    {
        var request = RequestHeaders("POST", "/v1/chat/completions", headers);
        request.Attributes["envoy.filters.http.ext_proc"] = new Struct
        {
            Fields = { ["xds.upstream_host_metadata.filter_metadata['aigw']['backend']"] = Value.ForString(backend) },
        };
        return request;
    }

    public static ProcessingRequest RequestBody(string body, bool endOfStream = true) => new()
    {
        RequestBody = new HttpBody { Body = ByteString.CopyFromUtf8(body), EndOfStream = endOfStream },
        MetadataContext = new Metadata(),
    };

    public static ProcessingRequest RequestTrailers() => new() { RequestTrailers = new HttpTrailers { Trailers = new HeaderMap() } };

    public static ProcessingRequest ResponseHeaders(int status, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap();
        map.Headers.Add(Header(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var (name, value) in headers)
        {
            map.Headers.Add(Header(name, value));
        }

        return new ProcessingRequest { ResponseHeaders = new HttpHeaders { Headers = map }, MetadataContext = new Metadata() };
    }

    public static ProcessingRequest ResponseBody(string body, bool endOfStream = true) => new()
    {
        ResponseBody = new HttpBody { Body = ByteString.CopyFromUtf8(body), EndOfStream = endOfStream },
        MetadataContext = new Metadata(),
    };

    public static ProcessingRequest ResponseTrailers() => new() { ResponseTrailers = new HttpTrailers { Trailers = new HeaderMap() } };

    public static HeaderValue Header(string name, string value) => new() { Key = name, RawValue = ByteString.CopyFrom(Encoding.Latin1.GetBytes(value)) };

    /// <summary>The value Envoy would apply: only raw_value counts (a header set through 'value' becomes empty).</summary>
    public static string? SetHeader(HeaderMutation? mutation, string name) =>
        mutation?.SetHeaders.LastOrDefault(h => h.Header.Key == name) is { } option ? option.Header.RawValue.ToString(Encoding.Latin1) : null;
}
