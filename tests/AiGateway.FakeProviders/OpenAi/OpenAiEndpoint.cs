using AiGateway.FakeProviders.Delivery;
using AiGateway.FakeProviders.Recording;
using AiGateway.FakeProviders.Scripting;
using Microsoft.AspNetCore.Http;

namespace AiGateway.FakeProviders.OpenAi;

/// <summary>
/// OpenAI <c>POST /v1/chat/completions</c> (Bearer key) and Azure OpenAI
/// <c>POST /openai/deployments/{deployment}/chat/completions?api-version=</c> (<c>api-key</c> header).
/// </summary>
internal sealed class OpenAiEndpoint(FakeCredentials credentials, ReplyScript script, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, RecordedRequest request, FakeRoute route)
    {
        var azure = route.Provider == FakeProvider.AzureOpenAi;
        var delivery = new ReplyDelivery(context, request, azure ? AzureOpenAiDialect.Instance : OpenAiDialect.Instance);
        var authorized = azure
            ? request.Header("api-key") == credentials.AzureOpenAiApiKey
            : request.Header("authorization") == "Bearer " + credentials.OpenAiApiKey;
        if (!authorized)
        {
            await delivery.RejectAsync(401, null, null).ConfigureAwait(false);
            return;
        }

        if (azure && !context.Request.Query.ContainsKey("api-version"))
        {
            await delivery.RejectAsync(400, null, "Missing required query parameter 'api-version'.").ConfigureAwait(false);
            return;
        }

        var body = FakeRequestBody.ParseObject(request.Body);
        var problem = body is null ? "We could not parse the JSON body of your request."
            : !azure && !FakeRequestBody.IsString(body["model"]) ? "you must provide a model parameter"
            : !FakeRequestBody.IsMessageList(body["messages"]) ? "Missing required parameter: 'messages'."
            : body["stream_options"] is not null && !FakeRequestBody.IsTrue(body["stream"]) ? "The 'stream_options' parameter is only allowed when 'stream' is enabled."
            : null;
        if (problem is not null)
        {
            await delivery.RejectAsync(400, null, problem).ConfigureAwait(false);
            return;
        }

        var model = FakeRequestBody.StringOf(body!["model"]) ?? route.PathModel ?? "unknown";
        var reply = script.Take(route.Provider, request.Model) ?? DefaultReply.Echo(body["messages"]);
        if (await delivery.ApplyFaultBeforeHeadersAsync(reply.Fault).ConfigureAwait(false))
        {
            return;
        }

        var id = ReplyFragments.NewId("chatcmpl-");
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (FakeRequestBody.IsTrue(body["stream"]))
        {
            var includeUsage = FakeRequestBody.IsTrue(body["stream_options"]?["include_usage"]);
            var chunks = OpenAiReplyRenderer.Stream(reply, model, id, created, includeUsage);
            await delivery.StreamAsync("text/event-stream", chunks, reply.Fault).ConfigureAwait(false);
            return;
        }

        await delivery.WriteJsonAsync(OpenAiReplyRenderer.Completion(reply, model, id, created)).ConfigureAwait(false);
    }
}
