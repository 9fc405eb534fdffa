namespace AiGateway.EnvoyStandIn.Http;

/// <summary>
/// A response Envoy makes itself. <see cref="FromExtProcFilter"/> marks the ext_proc filter's own replies
/// (immediate_response and its error replies), which are never sent to its own processor (ext-proc-protocol.md §3.14).
/// </summary>
internal sealed record LocalReply(int Status, HeaderList Headers, byte[] Body, string Details, bool FromExtProcFilter)
{
    /// <summary>Envoy's sendLocalReply: text/plain body with its length, or neither for an empty body (§3.9).</summary>
    public static LocalReply Text(int status, string body, string details, bool fromExtProcFilter)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var headers = new HeaderList();
        headers.Add(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (bytes.Length > 0)
        {
            headers.Add("content-length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            headers.Add("content-type", "text/plain");
        }

        return new LocalReply(status, headers, bytes, details, fromExtProcFilter);
    }
}
