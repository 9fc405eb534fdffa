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
        if (route.Operation == BedrockApplyGuardrailRenderer.Operation)
        {
            await ApplyGuardrailAsync(context, delivery, route.PathModel!, body).ConfigureAwait(false);
            return;
        }

        var problem = body is null ? (400, "Malformed input request, please reformat your input and try again.") : BedrockRequestRules.Check(route.Operation, body);
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

    private static async Task ApplyGuardrailAsync(HttpContext context, ReplyDelivery delivery, string guardrailId, JsonObject? body)
    {
        if (body?["source"]?.GetValue<string>() is not ("INPUT" or "OUTPUT") || body["content"] is not JsonArray)
        {
            await delivery.RejectAsync(400, "ValidationException", "source and content are required.").ConfigureAwait(false);
            return;
        }

        if (guardrailId == "slow")
        {
            try
            {
                await Task.Delay(BedrockApplyGuardrailRenderer.SlowDelay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await delivery.WriteJsonAsync(BedrockApplyGuardrailRenderer.Response(guardrailId, body)).ConfigureAwait(false);
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

    private static JsonNode? Messages(string operation, JsonObject body) =>
        operation == "count-tokens" ? body["input"]?["converse"]?["messages"] : body["messages"];
}
