using System.Text.Json.Nodes;
using AiGateway.FakeProviders.Recording;
using AiGateway.FakeProviders.Scripting;
using Microsoft.AspNetCore.Http;

namespace AiGateway.FakeProviders.Control;

/// <summary>
/// HTTP control for tests outside .NET (enabled by <see cref="FakeProviderOptions.EnableControlApi"/>):
/// <c>POST /__fake/script</c> queues replies (<see cref="ScriptedReplyJson"/>), <c>GET /__fake/requests</c>
/// lists received requests (body as base64), <c>POST /__fake/reset</c> forgets both.
/// </summary>
internal sealed class FakeControlEndpoint(ReplyScript script, RequestLog log)
{
    public const string Prefix = "/__fake/";

    public async Task HandleAsync(HttpContext context, string rawPath, ReadOnlyMemory<byte> body)
    {
        switch (context.Request.Method, rawPath)
        {
            case ("POST", "/__fake/script"):
                var json = FakeRequestBody.ParseObject(body);
                var replies = (json?["replies"] as JsonArray)?.OfType<JsonObject>().Select(ScriptedReplyJson.Reply).ToList();
                var model = FakeRequestBody.StringOf(json?["model"]);
                var provider = ScriptedReplyJson.Provider(FakeRequestBody.StringOf(json?["provider"]));
                if (replies is null || (model is null && provider is null))
                {
                    await WriteAsync(context, 400, new JsonObject { ["message"] = "Expected {\"provider\" or \"model\", \"replies\":[...]}." }).ConfigureAwait(false);
                    return;
                }

                if (model is not null)
                {
                    script.Enqueue(model, replies);
                }
                else
                {
                    script.Enqueue(provider!.Value, replies);
                }

                await WriteAsync(context, 200, new JsonObject { ["queued"] = replies.Count }).ConfigureAwait(false);
                return;
            case ("GET", "/__fake/requests"):
                var list = new JsonArray();
                foreach (var request in log.Snapshot())
                {
                    list.Add(Describe(request));
                }

                await WriteAsync(context, 200, new JsonObject { ["requests"] = list }).ConfigureAwait(false);
                return;
            case ("POST", "/__fake/reset"):
                script.Clear();
                log.Clear();
                await WriteAsync(context, 200, []).ConfigureAwait(false);
                return;
            default:
                await WriteAsync(context, 404, new JsonObject { ["message"] = "Unknown control route." }).ConfigureAwait(false);
                return;
        }
    }

    private static JsonObject Describe(RecordedRequest request)
    {
        var headers = new JsonArray();
        foreach (var header in request.Headers)
        {
            headers.Add(new JsonArray(header.Key, header.Value));
        }

        return new JsonObject
        {
            ["provider"] = request.Provider?.ToString(),
            ["model"] = request.Model,
            ["method"] = request.Method,
            ["path"] = request.Path,
            ["query"] = request.Query,
            ["protocol"] = request.Protocol,
            ["headers"] = headers,
            ["bodyBase64"] = Convert.ToBase64String(request.Body.Span),
            ["responseStatus"] = request.ResponseStatus,
            ["callerCancelled"] = request.CallerCancelled,
        };
    }

    private static Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
