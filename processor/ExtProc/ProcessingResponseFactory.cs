using System.Buffers;
using System.Globalization;
using System.Text;
using AiGateway.Processor.Translation;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using Envoy.Type.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace AiGateway.Processor.ExtProc;

/// <summary>
/// Turns a phase's recorded mutations, an error or a local reply into the one ProcessingResponse Envoy expects,
/// following the rules in shared/reference/ext-proc-protocol.md §0.
/// </summary>
internal static class ProcessingResponseFactory
{
    /// <summary>The dynamic metadata namespace Envoy is configured to receive (receiving_namespaces.untyped).</summary>
    public const string MetadataNamespace = "aigw";

    public static ProcessingResponse Build(PhaseContext context)
    {
        var common = new CommonResponse();
        var mutation = HeaderMutationOf(context);
        if (context.ReplacementBody is { } body)
        {
            // Not copied: ExternalProcessorService writes (serializes) this answer before it reads the stream's next
            // message, and a replacement body stays unchanged until then (PhaseContext.ReplaceBody). Copying the
            // 8 KB translated request and every response body was ≈ 12 % of the bytes allocated per request.
            common.BodyMutation = new BodyMutation { Body = UnsafeByteOperations.UnsafeWrap(body) };
            if (context.Phase is ExchangePhases.RequestBody or ExchangePhases.ResponseBody && !(context.Phase == ExchangePhases.ResponseBody && context.Exchange.ResponseStreamed))
            {
                // BUFFERED with headers SEND keeps content-length and checks it against the new body: a mismatch
                // is a local 500 (§3.6). Envoy applies header mutations before that check.
                mutation ??= new HeaderMutation();
                mutation.SetHeaders.Add(Header("content-length", body.Length.ToString(CultureInfo.InvariantCulture)));
            }
            else if (context.Phase is ExchangePhases.RequestHeaders)
            {
                // A body in a headers answer needs CONTINUE_AND_REPLACE; Envoy then strips content-length, and the
                // header_mutation filter after ext_proc restores it from this metadata (§0.3, §5e).
                common.Status = CommonResponse.Types.ResponseStatus.ContinueAndReplace;
                context.SetMetadata("content_length", body.Length);
            }
        }

        if (context.RouteCacheCleared)
        {
            // clear_route_cache only acts when the same CommonResponse carries a header_mutation (§3.10).
            mutation ??= new HeaderMutation();
            common.ClearRouteCache = true;
        }

        if (context.ResponseBodyStreamed)
        {
            // Content-length was decided under BUFFERED; after the override Envoy drops sets but keeps the old
            // value, so remove it ourselves (§3.6).
            mutation ??= new HeaderMutation();
            mutation.RemoveHeaders.Add("content-length");
        }

        common.HeaderMutation = mutation;
        var response = new ProcessingResponse();
        switch (context.Phase)
        {
            case ExchangePhases.RequestHeaders:
                response.RequestHeaders = new HeadersResponse { Response = common };
                break;
            case ExchangePhases.RequestBody:
                response.RequestBody = new BodyResponse { Response = common };
                break;
            case ExchangePhases.ResponseHeaders:
                response.ResponseHeaders = new HeadersResponse { Response = common };
                if (context.ResponseBodyStreamed)
                {
                    // Body modes are taken from the override as written (§3.11): restate the request side.
                    response.ModeOverride = new ProcessingMode
                    {
                        RequestBodyMode = ProcessingMode.Types.BodySendMode.Buffered,
                        ResponseBodyMode = ProcessingMode.Types.BodySendMode.Streamed,
                    };
                }

                break;
            case ExchangePhases.ResponseBody:
                response.ResponseBody = new BodyResponse { Response = common };
                break;
            default:
                throw new InvalidOperationException($"No answer kind for phase {context.Phase}.");
        }

        response.DynamicMetadata = Namespaced(context.DynamicMetadata);
        return response;
    }

    /// <summary>The empty answer to a trailers message (we never mutate trailers).</summary>
    public static ProcessingResponse Trailers(bool request) => request
        ? new ProcessingResponse { RequestTrailers = new TrailersResponse() }
        : new ProcessingResponse { ResponseTrailers = new TrailersResponse() };

    public static ProcessingResponse Error(GatewayError error, Exchange exchange)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        exchange.ErrorWriter.Write(error, buffer);
        return Immediate(error.Status, buffer.WrittenMemory, "application/json", error.Headers, error.Details);
    }

    public static ProcessingResponse Reply(LocalReply reply) =>
        Immediate(reply.Status, reply.Body, reply.ContentType, reply.Headers, reply.Details);

    /// <summary>
    /// Envoy sets content-length itself and defaults content-type to text/plain unless we set one (§3.9); status
    /// codes missing from the HttpStatus enum (e.g. 529) still travel as the raw number (§1.5).
    /// </summary>
    private static ProcessingResponse Immediate(int status, ReadOnlyMemory<byte> body, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers, string details)
    {
        var mutation = new HeaderMutation();
        mutation.SetHeaders.Add(Header("content-type", contentType));
        foreach (var (name, value) in headers)
        {
            mutation.SetHeaders.Add(Header(name, value));
        }

        return new ProcessingResponse
        {
            ImmediateResponse = new ImmediateResponse
            {
                Status = new HttpStatus { Code = (StatusCode)status },
                Headers = mutation,
                Body = ByteString.CopyFrom(body.Span),
                Details = details,
            },
        };
    }

    private static HeaderMutation? HeaderMutationOf(PhaseContext context)
    {
        if (context.SetHeaders.Count == 0 && context.RemovedHeaders.Count == 0)
        {
            return null;
        }

        var mutation = new HeaderMutation();
        foreach (var name in context.RemovedHeaders)
        {
            mutation.RemoveHeaders.Add(name);
        }

        foreach (var (name, value) in context.SetHeaders)
        {
            mutation.SetHeaders.Add(Header(name, value));
        }

        return mutation;
    }

    /// <summary>
    /// ext_proc reads only <c>raw_value</c> (a header sent through <c>value</c> becomes empty) and only the
    /// deprecated <c>append</c> (§0.1, §0.2). We also set <c>append_action</c> in case a newer Envoy honours it.
    /// </summary>
    internal static HeaderValueOption Header(string name, string value)
    {
        var option = new HeaderValueOption
        {
            Header = new HeaderValue { Key = name, RawValue = ByteString.CopyFrom(value, Encoding.Latin1) },
            AppendAction = HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd,
        };
#pragma warning disable CS0612 // Deprecated in the API, but it is the switch ext_proc reads (§0.2).
        option.Append = false;
#pragma warning restore CS0612
        return option;
    }

    private static Struct? Namespaced(Struct? fields) => fields is null
        ? null
        : new Struct { Fields = { [MetadataNamespace] = Value.ForStruct(fields) } };
}
