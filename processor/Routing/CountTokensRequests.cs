using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Processor.Budgets;
using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Routing;

/// <summary>
/// Anthropic's <c>POST /v1/messages/count_tokens</c>: passed through to Anthropic (model patched), sent to Bedrock
/// CountTokens with the InvokeModel body (provider-apis.md §8), and estimated locally with the o200k tokenizer for
/// providers without a counting API (marked <c>x-aigw-token-count: estimate</c>). Not a hot path: JsonNode is fine.
/// </summary>
internal static class CountTokensRequests
{
    public const string EstimateHeader = "x-aigw-token-count";

    public static (AttemptRequest? Request, GatewayError? Error) Build(RoutedRequest request, BackendTarget target, ApiSchema schema)
    {
        if (JsonNode.Parse(request.OriginalBody.Span) is not JsonObject body)
        {
            return (null, GatewayError.InvalidRequest("The request body must be a JSON object."));
        }

        if (schema == ApiSchema.Anthropic)
        {
            body["model"] = target.ModelId;
            return (new AttemptRequest("/v1/messages/count_tokens", Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json")
            {
                Headers = [new("anthropic-version", TranslatingRequestBuilder.AnthropicVersion)],
            }, null);
        }

        // Bedrock: the InvokeModel body (no model, no stream, anthropic_version, a max_tokens InvokeModel requires).
        body.Remove("model");
        body.Remove("stream");
        body["anthropic_version"] = "bedrock-2023-05-31";
        body["max_tokens"] ??= 1;
        var wrapped = new JsonObject { ["input"] = new JsonObject { ["invokeModel"] = new JsonObject { ["body"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(body.ToJsonString())) } } };
        return (new AttemptRequest($"/model/{Uri.EscapeDataString(target.ModelId)}/count-tokens", Encoding.UTF8.GetBytes(wrapped.ToJsonString()), "application/json")
        {
            RemovedHeaders = ["anthropic-beta", "anthropic-version"],
        }, null);
    }

    /// <summary>The local answer for backends without a counting API.</summary>
    public static LocalReply Estimate(ReadOnlySpan<byte> body)
    {
        var json = "{\"input_tokens\":" + InputTokenEstimator.Estimate(body).ToString(CultureInfo.InvariantCulture) + "}";
        return new LocalReply(200, Encoding.UTF8.GetBytes(json)) { Headers = [new(EstimateHeader, "estimate")], Details = "aigw_token_estimate" };
    }

    /// <summary>Bedrock's <c>{"inputTokens":N}</c> as Anthropic's <c>{"input_tokens":N}</c>; null when the body is not that.</summary>
    public static byte[]? FromBedrock(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            return document.RootElement.TryGetProperty("inputTokens", out var tokens) && tokens.TryGetInt64(out var count)
                ? Encoding.UTF8.GetBytes("{\"input_tokens\":" + count.ToString(CultureInfo.InvariantCulture) + "}")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A provider error for count_tokens, in Anthropic's terms: client errors keep their status, ours become 502/500.</summary>
    public static GatewayError Error(int status, string? retryAfter) => status switch
    {
        400 => GatewayError.InvalidRequest("The provider rejected the token count request."),
        404 => GatewayError.NotFound("The provider does not know this model."),
        429 => new GatewayError(GatewayErrorKind.RateLimited, 429, "The provider is rate limiting token counts; retry later.")
        {
            Headers = retryAfter is null ? [] : [new("retry-after", retryAfter)],
        },
        401 or 403 => new GatewayError(GatewayErrorKind.UpstreamFailure, 502, "The gateway could not authenticate to the provider."),
        _ => new GatewayError(GatewayErrorKind.UpstreamFailure, 500, "The provider failed to count tokens."),
    };

    internal static ReadOnlyMemory<byte> Write(GatewayError error, IErrorWriter writer)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        writer.Write(error, buffer);
        return buffer.WrittenMemory;
    }
}
