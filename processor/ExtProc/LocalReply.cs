namespace AiGateway.Processor.ExtProc;

/// <summary>A complete response the gateway gives itself (e.g. <c>GET /v1/models</c>), sent as Envoy's immediate response.</summary>
internal sealed record LocalReply(int Status, ReadOnlyMemory<byte> Body, string ContentType = "application/json")
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Short reason for Envoy's <c>%RESPONSE_CODE_DETAILS%</c> (no spaces).</summary>
    public string Details { get; init; } = "aigw_local_reply";
}
