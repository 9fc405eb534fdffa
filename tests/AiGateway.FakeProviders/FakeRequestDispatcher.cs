using AiGateway.FakeProviders.Anthropic;
using AiGateway.FakeProviders.Bedrock;
using AiGateway.FakeProviders.Control;
using AiGateway.FakeProviders.OpenAi;
using AiGateway.FakeProviders.Recording;
using AiGateway.FakeProviders.Scripting;
using AiGateway.FakeProviders.SigV4;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.FakeProviders;

/// <summary>
/// The fake's only request handler: reads the whole body, records the request as received (raw path,
/// every header), then hands it to the endpoint of the provider its path names.
/// </summary>
internal sealed class FakeRequestDispatcher(FakeProviderOptions options, ReplyScript script, RequestLog log)
{
    private readonly OpenAiEndpoint _openAi = new(options.Credentials, script, options.Time);
    private readonly AnthropicEndpoint _anthropic = new(options.Credentials, script);
    private readonly BedrockEndpoint _bedrock = new(
        options.Credentials, script, new AwsSigV4Verifier(options.Credentials, options.Time, options.AllowedClockSkew));

    private readonly FakeControlEndpoint? _control = options.EnableControlApi ? new FakeControlEndpoint(script, log) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? string.Empty : rawTarget[queryStart..];

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in context.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                headers.Add(new(header.Key.ToLowerInvariant(), value ?? string.Empty));
            }
        }

        if (_control is not null && rawPath.StartsWith(FakeControlEndpoint.Prefix, StringComparison.Ordinal))
        {
            await _control.HandleAsync(context, rawPath, body).ConfigureAwait(false);
            return;
        }

        var route = FakeRoute.Match(context.Request.Method, rawPath);
        var model = route?.PathModel ?? FakeRequestBody.StringOf(FakeRequestBody.ParseObject(body)?["model"]);
        var record = new RecordedRequest(route?.Provider, context.Request.Method, rawPath, rawQuery, context.Request.Protocol, headers, body) { Model = model };
        log.Add(record);

        switch (route?.Provider)
        {
            case FakeProvider.OpenAi or FakeProvider.AzureOpenAi:
                await _openAi.HandleAsync(context, record, route).ConfigureAwait(false);
                break;
            case FakeProvider.Anthropic:
                await _anthropic.HandleAsync(context, record, route).ConfigureAwait(false);
                break;
            case FakeProvider.Bedrock:
                await _bedrock.HandleAsync(context, record, route).ConfigureAwait(false);
                break;
            default:
                record.ResponseStatus = StatusCodes.Status404NotFound;
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"message":"The fake provider has no route for this path."}""", context.RequestAborted).ConfigureAwait(false);
                break;
        }
    }
}
