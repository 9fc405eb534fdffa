using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Delivery;
using AiGateway.FakeProviders.Recording;
using AiGateway.FakeProviders.Scripting;
using Microsoft.AspNetCore.Http;

namespace AiGateway.FakeProviders.Anthropic;

/// <summary>
/// Anthropic <c>POST /v1/messages</c> and <c>/v1/messages/count_tokens</c>: the key (<c>x-api-key</c> or
/// Bearer) and <c>anthropic-version</c> required (shared/reference/provider-apis.md §2).
/// </summary>
internal sealed class AnthropicEndpoint(FakeCredentials credentials, ReplyScript script)
{
    public async Task HandleAsync(HttpContext context, RecordedRequest request, FakeRoute route)
    {
        var delivery = new ReplyDelivery(context, request, AnthropicDialect.Instance);
        // §2: x-api-key, or Authorization: Bearer (what @anthropic-ai/sdk 1.x sends for an API key).
        if (request.Header("x-api-key") != credentials.AnthropicApiKey && request.Header("authorization") != "Bearer " + credentials.AnthropicApiKey)
        {
            await delivery.RejectAsync(401, null, "invalid x-api-key").ConfigureAwait(false);
            return;
        }

        if (request.Header("anthropic-version") is null)
        {
            await delivery.RejectAsync(400, null, "anthropic-version: header is required").ConfigureAwait(false);
            return;
        }

        var counting = route.Operation == "count_tokens";
        var body = FakeRequestBody.ParseObject(request.Body);
        var problem = body is null ? "There was an issue with your request body: it is not a JSON object."
            : !FakeRequestBody.IsString(body["model"]) ? "model: Field required"
            : !counting && !FakeRequestBody.IsInteger(body["max_tokens"]) ? "max_tokens: Field required"
            : !FakeRequestBody.IsMessageList(body["messages"]) ? "messages: Field required"
            : null;
        if (problem is not null)
        {
            await delivery.RejectAsync(400, null, problem).ConfigureAwait(false);
            return;
        }

        var reply = script.Take(FakeProvider.Anthropic, request.Model) ?? DefaultReply.Echo(body!["messages"]);
        if (await delivery.ApplyFaultBeforeHeadersAsync(reply.Fault).ConfigureAwait(false))
        {
            return;
        }

        var requestId = new KeyValuePair<string, string>("request-id", ReplyFragments.NewId("req_"));
        if (counting)
        {
            var count = new JsonObject { ["input_tokens"] = reply.Usage.TotalInputTokens };
            await delivery.WriteJsonAsync(count.ToJsonString(), requestId).ConfigureAwait(false);
            return;
        }

        var model = body!["model"]!.GetValue<string>();
        var id = ReplyFragments.NewId("msg_");
        if (FakeRequestBody.IsTrue(body["stream"]))
        {
            var chunks = AnthropicReplyRenderer.Events(reply, model, id, withPing: true).Select(AnthropicReplyRenderer.Sse).ToList();
            await delivery.StreamAsync("text/event-stream; charset=utf-8", chunks, reply.Fault, requestId).ConfigureAwait(false);
            return;
        }

        var message = AnthropicReplyRenderer.Message(reply, model, id);
        await delivery.WriteJsonAsync(message.ToJsonString(), requestId).ConfigureAwait(false);
    }
}
