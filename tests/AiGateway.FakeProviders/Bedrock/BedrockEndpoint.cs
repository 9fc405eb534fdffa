using System.Globalization;
using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Anthropic;
using AiGateway.FakeProviders.Delivery;
using AiGateway.FakeProviders.Recording;
using AiGateway.FakeProviders.Scripting;
using AiGateway.FakeProviders.SigV4;
using Microsoft.AspNetCore.Http;

namespace AiGateway.FakeProviders.Bedrock;

/// <summary>
/// Bedrock runtime <c>POST /model/{modelId}/{converse|converse-stream|invoke|invoke-with-response-stream|count-tokens}</c>
/// (shared/reference/provider-apis.md §3, §8). Every request must carry a valid SigV4 signature for the
/// test credentials, or the Bedrock API key as a Bearer token.
/// </summary>
internal sealed class BedrockEndpoint(FakeCredentials credentials, ReplyScript script, AwsSigV4Verifier verifier)
{
    private const string EventStreamContentType = "application/vnd.amazon.eventstream";

    public async Task HandleAsync(HttpContext context, RecordedRequest request, FakeRoute route)
    {
        var delivery = new ReplyDelivery(context, request, BedrockDialect.Instance);
        var rejection = Authenticate(request);
        if (rejection is not null)
        {
            await delivery.RejectAsync(403, rejection.ExceptionName, rejection.Message).ConfigureAwait(false);
            return;
        }

        var body = FakeRequestBody.ParseObject(request.Body);
        var problem = body is null ? (400, "Malformed input request, please reformat your input and try again.") : Validate(route.Operation, body);
        if (problem is not null)
        {
            await delivery.RejectAsync(problem.Value.Status, null, problem.Value.Message).ConfigureAwait(false);
            return;
        }

        var reply = script.Take(FakeProvider.Bedrock, route.PathModel) ?? DefaultReply.Echo(Messages(route.Operation, body!));
        if (await delivery.ApplyFaultBeforeHeadersAsync(reply.Fault).ConfigureAwait(false))
        {
            return;
        }

        var requestId = new KeyValuePair<string, string>("x-amzn-RequestId", Guid.NewGuid().ToString());
        var model = route.PathModel!;
        switch (route.Operation)
        {
            case "converse":
                await delivery.WriteJsonAsync(BedrockConverseRenderer.Response(reply), requestId).ConfigureAwait(false);
                break;
            case "converse-stream":
                await delivery.StreamAsync(EventStreamContentType, BedrockConverseRenderer.Stream(reply), reply.Fault, requestId).ConfigureAwait(false);
                break;
            case "invoke":
                var message = AnthropicReplyRenderer.Message(reply, model, ReplyFragments.NewId("msg_bdrk_"));
                await delivery.WriteJsonAsync(
                    message.ToJsonString(),
                    requestId,
                    new("X-Amzn-Bedrock-Input-Token-Count", reply.Usage.InputTokens.ToString(CultureInfo.InvariantCulture)),
                    new("X-Amzn-Bedrock-Output-Token-Count", reply.Usage.OutputTokens.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
                break;
            case "invoke-with-response-stream":
                var frames = BedrockInvokeStreamRenderer.Stream(reply, model, ReplyFragments.NewId("msg_bdrk_"));
                await delivery.StreamAsync(EventStreamContentType, frames, reply.Fault, requestId, new("X-Amzn-Bedrock-Content-Type", "application/json")).ConfigureAwait(false);
                break;
            default:
                var count = new JsonObject { ["inputTokens"] = reply.Usage.TotalInputTokens };
                await delivery.WriteJsonAsync(count.ToJsonString(), requestId).ConfigureAwait(false);
                break;
        }
    }

    private AwsSigV4Rejection? Authenticate(RecordedRequest request)
    {
        var authorization = request.Header("authorization");
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return authorization == "Bearer " + credentials.BedrockApiKey
                ? null
                : new AwsSigV4Rejection("AccessDeniedException", "Authentication failed: Invalid API Key format: Must start with pre-defined prefix");
        }

        var rawQuery = request.Query.StartsWith('?') ? request.Query[1..] : request.Query;
        return verifier.Verify(new AwsSigV4Request(request.Method, request.Path, rawQuery, request.Headers, request.Body));
    }

    private static (int Status, string Message)? Validate(string operation, JsonObject body)
    {
        switch (operation)
        {
            case "converse" or "converse-stream":
                return IsConverseMessageList(body["messages"]) ? null : (400, "The model returned the following errors: messages: Field required");
            case "invoke" or "invoke-with-response-stream":
                return ValidateInvokeBody(body);
            case "count-tokens":
                var input = body["input"];
                if (FakeRequestBody.StringOf(input?["invokeModel"]?["body"]) is { } encoded)
                {
                    var inner = TryDecode(encoded);
                    return inner is null ? (400, "Malformed input request: invokeModel.body is not base64 JSON.") : ValidateInvokeBody(inner);
                }

                return IsConverseMessageList(input?["converse"]?["messages"]) ? null : (400, "Malformed input request: input must hold invokeModel.body or converse.messages.");
            default:
                return (404, "Unknown operation " + operation + ".");
        }
    }

    /// <summary>An Anthropic Messages body minus model and stream, plus anthropic_version (§8).</summary>
    private static (int Status, string Message)? ValidateInvokeBody(JsonObject body)
    {
        foreach (var extraneous in new[] { "model", "stream" })
        {
            if (body.ContainsKey(extraneous))
            {
                return (400, $"Malformed input request: #: extraneous key [{extraneous}] is not permitted, please reformat your input and try again.");
            }
        }

        return !FakeRequestBody.IsString(body["anthropic_version"]) ? (400, "Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.")
            : !FakeRequestBody.IsInteger(body["max_tokens"]) ? (400, "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.")
            : !FakeRequestBody.IsMessageList(body["messages"]) ? (400, "Malformed input request: #: required key [messages] not found, please reformat your input and try again.")
            : null;
    }

    private static bool IsConverseMessageList(JsonNode? node) =>
        FakeRequestBody.IsMessageList(node) && node!.AsArray().All(message => message!["content"] is JsonArray);

    private static JsonObject? TryDecode(string base64)
    {
        try
        {
            return FakeRequestBody.ParseObject(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonNode? Messages(string operation, JsonObject body) =>
        operation == "count-tokens" ? body["input"]?["converse"]?["messages"] : body["messages"];
}
