using System.Globalization;
using AiGateway.EnvoyStandIn.Http;
using Envoy.Service.ExtProc.V3;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>Turns an <c>immediate_response</c> into the local reply Envoy sends (ext-proc-protocol.md §3.9).</summary>
internal static class ImmediateReplyBuilder
{
    public static LocalReply Build(ImmediateResponse immediate, MutationRuleChecker rules)
    {
        // Missing or below 200 → 200; codes outside the enum pass as raw integers (§1.5).
        var status = immediate.Status is { } s && (int)s.Code >= 200 ? (int)s.Code : 200;
        var headers = new HeaderList();
        headers.Add(":status", status.ToString(CultureInfo.InvariantCulture));
        var error = HeaderMutationApplier.Apply(headers, immediate.Headers, rules, dropContentLength: false, replaceMode: false);
        if (error is not null)
        {
            return LocalReply.Text(500, string.Empty, error, fromExtProcFilter: true);
        }

        var body = immediate.Body.ToByteArray();
        if (body.Length == 0)
        {
            headers.Remove("content-length");
            headers.Remove("content-type");
        }
        else
        {
            headers.Set("content-length", body.Length.ToString(CultureInfo.InvariantCulture));
            if (!headers.Contains("content-type"))
            {
                headers.Add("content-type", "text/plain");
            }
        }

        // %RESPONSE_CODE_DETAILS% has whitespace replaced by '_' (§1.3).
        var details = string.Concat(immediate.Details.Select(c => char.IsWhiteSpace(c) ? '_' : c));
        return new LocalReply(status, headers, body, details, FromExtProcFilter: true);
    }
}
