using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using ResponseCase = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace AiGateway.EnvoyStandIn.Tests.Fakes;

/// <summary>Building blocks for scripted processor answers.</summary>
internal static class Answers
{
    /// <summary>The matching empty answer: continue unchanged.</summary>
    public static ProcessingResponse Continue(ProcessingRequest request) => With(request, new CommonResponse());

    /// <summary>The matching answer of <paramref name="request"/>'s kind carrying <paramref name="common"/>.</summary>
    public static ProcessingResponse With(ProcessingRequest request, CommonResponse? common) => request.RequestCase switch
    {
        ResponseCase.RequestHeaders => new ProcessingResponse { RequestHeaders = new HeadersResponse { Response = common } },
        ResponseCase.ResponseHeaders => new ProcessingResponse { ResponseHeaders = new HeadersResponse { Response = common } },
        ResponseCase.RequestBody => new ProcessingResponse { RequestBody = new BodyResponse { Response = common } },
        ResponseCase.ResponseBody => new ProcessingResponse { ResponseBody = new BodyResponse { Response = common } },
        _ => throw new InvalidOperationException($"no answer for {request.RequestCase}"),
    };

#pragma warning disable CS0612 // `append` is deprecated, yet it is the only switch ext_proc reads (§0.2).
    public static HeaderValueOption Set(string key, string value, bool? append = null) => new()
    {
        Header = new HeaderValue { Key = key, RawValue = ByteString.CopyFromUtf8(value) },
        Append = append,
    };
#pragma warning restore CS0612

    public static HeaderMutation Mutation(params HeaderValueOption[] sets)
    {
        var mutation = new HeaderMutation();
        mutation.SetHeaders.AddRange(sets);
        return mutation;
    }

    public static string Header(HttpHeaders headers, string key) =>
        headers.Headers.Headers.Where(h => h.Key == key).Select(h => Encoding.Latin1.GetString(h.RawValue.Span)).FirstOrDefault()
        ?? throw new KeyNotFoundException(key);

    public static string? HeaderOrNull(HttpHeaders headers, string key) =>
        headers.Headers.Headers.Where(h => h.Key == key).Select(h => Encoding.Latin1.GetString(h.RawValue.Span)).FirstOrDefault();
}
