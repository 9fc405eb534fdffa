using System.Text;
using System.Text.Json.Nodes;

namespace AiGateway.FakeProviders.Recording;

/// <summary>
/// One request exactly as the fake received it, recorded before any check so tests can also assert
/// on rejected requests. <see cref="Path"/> is the raw, still-encoded path.
/// </summary>
public sealed record RecordedRequest(
    FakeProvider? Provider,
    string Method,
    string Path,
    string Query,
    string Protocol,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>The model the request named: body <c>model</c>, Azure deployment or Bedrock model id (decoded).</summary>
    public string? Model { get; init; }

    /// <summary>Status the fake answered with; 0 when the connection was aborted before headers.</summary>
    public int ResponseStatus { get; set; }

    /// <summary>
    /// The caller went away (closed the connection or reset the stream) while the fake was still streaming its answer.
    /// A cut or reset the fake made itself (<see cref="Scripting.ReplyFault"/>) does not count.
    /// </summary>
    public bool CallerCancelled { get; set; }

    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    public JsonNode? BodyJson() => JsonNode.Parse(BodyText);

    /// <summary>All values of a header (case-insensitive name) joined by commas, or null when absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value).ToList();
        return values.Count == 0 ? null : string.Join(',', values);
    }
}
