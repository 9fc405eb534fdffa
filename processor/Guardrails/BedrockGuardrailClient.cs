using System.Net.Http.Headers;
using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Credentials;

namespace AiGateway.Processor.Guardrails;

/// <summary>
/// ApplyGuardrail (provider-apis.md §5.1): <c>POST /guardrail/{id}/version/{v}/apply</c> on the Bedrock runtime host,
/// SigV4 service <c>bedrock</c> (§6.1). AWSSDK.BedrockRuntime is not available here, so this is a small typed client.
/// </summary>
internal sealed class BedrockGuardrailClient
{
    private const string ContentType = "application/json";
    private readonly HttpClient _http;
    private readonly IAwsCredentialSource _credentials;
    private readonly TimeProvider _time;

    public BedrockGuardrailClient(HttpClient http, IAwsCredentialSource credentials, TimeProvider time)
    {
        _http = http;
        _credentials = credentials;
        _time = time;
    }

    /// <summary>Checks the texts (one content block each); throws <see cref="BedrockGuardrailException"/> when the call fails.</summary>
    public async Task<BedrockGuardrailVerdict> ApplyAsync(BedrockGuardrailConfig guardrail, GuardrailDirection direction, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var request = new ApplyGuardrailRequest(
            direction == GuardrailDirection.Request ? "INPUT" : "OUTPUT",
            [.. texts.Select(t => new ApplyGuardrailContent(new ApplyGuardrailText(t)))]);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, GuardrailsJsonContext.Default.ApplyGuardrailRequest);
        var endpoint = guardrail.Endpoint ?? new Uri($"https://bedrock-runtime.{guardrail.Region}.amazonaws.com");

        // The identifier may be an ARN: its ':' and '/' are percent-encoded in the path, which the signer encodes
        // again for the canonical request (§5.1, §6.2).
        var path = $"/guardrail/{Uri.EscapeDataString(guardrail.GuardrailId)}/version/{Uri.EscapeDataString(guardrail.Version)}/apply";
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        var signing = new AwsSigningRequest("POST", host, path, "", [new("content-type", ContentType)], body, guardrail.Region, "bedrock");
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, path)) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        foreach (var (name, value) in AwsSigV4Signer.Sign(signing, credentials, _time.GetUtcNow().UtcDateTime))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var type = response.Headers.TryGetValues("x-amzn-errortype", out var types) ? types.First().Split(':')[0] : $"HTTP {(int)response.StatusCode}";
            throw new BedrockGuardrailException(type);
        }

        ApplyGuardrailResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(text, GuardrailsJsonContext.Default.ApplyGuardrailResponse);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        return parsed is null ? throw new BedrockGuardrailException("MalformedResponse") : BedrockGuardrailVerdict.From(parsed);
    }
}
