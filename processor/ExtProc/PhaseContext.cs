using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf.WellKnownTypes;

namespace AiGateway.Processor.ExtProc;

/// <summary>
/// What a stage sees of the current ext_proc message and what it asks Envoy to change. Stages never touch
/// protobuf: reads and mutations go through this type, and <see cref="ProcessingResponseFactory"/> turns the
/// recorded mutations into the answer, applying the protocol rules (raw_value, append=false, content-length).
/// </summary>
internal sealed class PhaseContext
{
    private const string AttributesKey = "envoy.filters.http.ext_proc";
    private HeaderMap? _headers;
    private ProcessingRequest _request = new();

    public PhaseContext(Exchange exchange)
    {
        Exchange = exchange;
    }

    public Exchange Exchange { get; }

    public ExchangePhases Phase { get; private set; }

    /// <summary>The body bytes of a body message (the whole body when BUFFERED, one chunk when STREAMED).</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>For headers: no body follows. For bodies: this is the last chunk.</summary>
    public bool EndOfStream { get; private set; }

    internal List<KeyValuePair<string, string>> SetHeaders { get; } = [];

    internal List<string> RemovedHeaders { get; } = [];

    internal ReadOnlyMemory<byte>? ReplacementBody { get; private set; }

    internal bool RouteCacheCleared { get; private set; }

    internal bool ResponseBodyStreamed { get; private set; }

    internal Struct? DynamicMetadata { get; private set; }

    internal void Begin(ExchangePhases phase, ProcessingRequest request)
    {
        Phase = phase;
        _request = request;
        SetHeaders.Clear();
        RemovedHeaders.Clear();
        ReplacementBody = null;
        RouteCacheCleared = false;
        ResponseBodyStreamed = false;
        DynamicMetadata = null;
        (_headers, Body, EndOfStream) = request.RequestCase switch
        {
            ProcessingRequest.RequestOneofCase.RequestHeaders => (request.RequestHeaders.Headers, ReadOnlyMemory<byte>.Empty, request.RequestHeaders.EndOfStream),
            ProcessingRequest.RequestOneofCase.ResponseHeaders => (request.ResponseHeaders.Headers, ReadOnlyMemory<byte>.Empty, request.ResponseHeaders.EndOfStream),
            ProcessingRequest.RequestOneofCase.RequestBody => (null, request.RequestBody.Body.Memory, request.RequestBody.EndOfStream),
            ProcessingRequest.RequestOneofCase.ResponseBody => (null, request.ResponseBody.Body.Memory, request.ResponseBody.EndOfStream),
            _ => (null, ReadOnlyMemory<byte>.Empty, false),
        };
    }

    /// <summary>
    /// The first value of a header of the current headers message. Envoy sends keys lower-case and values only in
    /// <c>raw_value</c> (ext-proc-protocol.md §4); values are decoded as Latin-1, which is lossless for any bytes.
    /// </summary>
    public bool TryGetHeader(string name, out string value)
    {
        if (_headers is not null)
        {
            foreach (var header in _headers.Headers)
            {
                if (string.Equals(header.Key, name, StringComparison.Ordinal))
                {
                    value = HeaderText(header);
                    return true;
                }
            }
        }

        value = "";
        return false;
    }

    /// <summary>All header names of the current headers message, in Envoy's order (pseudo-headers first).</summary>
    public IEnumerable<string> HeaderNames()
    {
        if (_headers is null)
        {
            yield break;
        }

        foreach (var header in _headers.Headers)
        {
            yield return header.Key;
        }
    }

    /// <summary>A request attribute (e.g. <c>xds.upstream_host_metadata…</c>) as Envoy sent it on this direction's first message.</summary>
    public bool TryGetAttribute(string name, out string value)
    {
        if (_request.Attributes.TryGetValue(AttributesKey, out var attributes)
            && attributes.Fields.TryGetValue(name, out var field)
            && field.KindCase == Value.KindOneofCase.StringValue)
        {
            value = field.StringValue;
            return true;
        }

        value = "";
        return false;
    }

    /// <summary>
    /// A namespace of the forwarded dynamic metadata (metadata_context.filter_metadata), as JSON — e.g. the payload
    /// Envoy's jwt_authn filter validated. Only namespaces listed in the filter's forwarding_namespaces arrive.
    /// </summary>
    public bool TryGetMetadataJson(string metadataNamespace, out string json)
    {
        if (_request.MetadataContext?.FilterMetadata.TryGetValue(metadataNamespace, out var fields) == true)
        {
            json = Google.Protobuf.JsonFormatter.Default.Format(fields);
            return true;
        }

        json = "";
        return false;
    }

    /// <summary>True when the message carries any ext_proc attributes (only the upstream-level filter is configured with them).</summary>
    public bool HasAttributes => _request.Attributes.ContainsKey(AttributesKey);

    /// <summary>Sets (overwrites) a header on what Envoy forwards.</summary>
    public void SetHeader(string name, string value) => SetHeaders.Add(new(name, value));

    public void RemoveHeader(string name) => RemovedHeaders.Add(name);

    /// <summary>
    /// Replaces the body (or this chunk). Content-length is kept right by the response factory. The answer refers to
    /// <paramref name="body"/> without copying it: the memory must stay unchanged until the answer is written, which
    /// happens before the stream's next message is read (so a per-stream buffer may be reused message by message,
    /// but a pooled array must not be returned by the stage that wrote it).
    /// </summary>
    public void ReplaceBody(ReadOnlyMemory<byte> body) => ReplacementBody = body;

    /// <summary>Makes Envoy pick the route again from the headers as mutated (router level, request path only; §3.10).</summary>
    public void ClearRouteCache() => RouteCacheCleared = true;

    /// <summary>In a response-headers answer: switch the response body to STREAMED for this request (§3.11).</summary>
    public void StreamResponseBody()
    {
        ResponseBodyStreamed = true;
        Exchange.ResponseStreamed = true;
    }

    /// <summary>Adds a value to the <c>aigw</c> dynamic metadata namespace (Envoy's access log reads it).</summary>
    public void SetMetadata(string key, string value) => MetadataFields()[key] = Value.ForString(value);

    public void SetMetadata(string key, double value) => MetadataFields()[key] = Value.ForNumber(value);

    internal static string HeaderText(HeaderValue header) =>
        header.RawValue.Length > 0 ? Encoding.Latin1.GetString(header.RawValue.Span) : header.Value;

    private Google.Protobuf.Collections.MapField<string, Value> MetadataFields()
    {
        DynamicMetadata ??= new Struct();
        return DynamicMetadata.Fields;
    }
}
