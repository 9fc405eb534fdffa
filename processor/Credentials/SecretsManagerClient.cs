using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AiGateway.Processor.Credentials;

/// <summary>
/// The one Secrets Manager call we make, GetSecretValue, over the JSON 1.1 protocol (provider-apis.md §6.4):
/// <c>POST /</c>, <c>X-Amz-Target: secretsmanager.GetSecretValue</c>, <c>application/x-amz-json-1.1</c>, SigV4
/// service <c>secretsmanager</c>. AWSSDK.SecretsManager is not available here, so this is a small typed client.
/// </summary>
internal sealed class SecretsManagerClient
{
    private const string Target = "secretsmanager.GetSecretValue";
    private const string ContentType = "application/x-amz-json-1.1";
    private readonly HttpClient _http;
    private readonly IAwsCredentialSource _credentials;
    private readonly TimeProvider _time;
    private readonly Func<string, Uri> _endpointForRegion;

    /// <param name="endpointForRegion">Base URL per region; production is <c>https://secretsmanager.{region}.amazonaws.com</c>.</param>
    public SecretsManagerClient(HttpClient http, IAwsCredentialSource credentials, TimeProvider time, Func<string, Uri>? endpointForRegion = null)
    {
        _http = http;
        _credentials = credentials;
        _time = time;
        _endpointForRegion = endpointForRegion ?? (region => new Uri($"https://secretsmanager.{region}.amazonaws.com/"));
    }

    /// <summary>The secret string of the current version of <paramref name="secretArn"/> (region taken from the ARN).</summary>
    public async Task<string> GetSecretStringAsync(string secretArn, CancellationToken cancellationToken)
    {
        // A refresh is a network round trip worth seeing in the request's trace; never tag the secret's value.
        using var span = Telemetry.GatewayTracing.StartCall("secrets_manager GetSecretValue");
        var region = RegionOf(secretArn);
        var endpoint = _endpointForRegion(region);
        var body = JsonSerializer.SerializeToUtf8Bytes(new GetSecretValueRequest(secretArn), CredentialsJsonContext.Default.GetSecretValueRequest);
        var credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var signing = new AwsSigningRequest("POST", host, "/", "", [new("content-type", ContentType), new("x-amz-target", Target)], body, region, "secretsmanager");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", Target);
        foreach (var (name, headerValue) in AwsSigV4Signer.Sign(signing, credentials, _time.GetUtcNow().UtcDateTime))
        {
            request.Headers.TryAddWithoutValidation(name, headerValue);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryParse(text, CredentialsJsonContext.Default.AwsJsonError);
            var type = error?.Type is { } t ? t[(t.LastIndexOf('#') + 1)..] : $"HTTP {(int)response.StatusCode}";
            throw new SecretsManagerException(type, $"GetSecretValue for {secretArn} failed: {type}: {error?.Message ?? error?.MessageUpper ?? "no message"}");
        }

        var value = TryParse(text, CredentialsJsonContext.Default.GetSecretValueResponse);
        if (value?.SecretString is { } secret)
        {
            return secret;
        }

        if (value?.SecretBinary is { } binary)
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(binary));
        }

        throw new SecretsManagerException("EmptySecret", $"GetSecretValue for {secretArn} returned no SecretString or SecretBinary.");
    }

    internal static string RegionOf(string secretArn)
    {
        // arn:aws:secretsmanager:<region>:<account>:secret:<name>
        var parts = secretArn.Split(':');
        if (parts.Length < 7 || parts[0] != "arn" || parts[2] != "secretsmanager" || parts[3].Length == 0)
        {
            throw new SecretsManagerException("InvalidArn", $"'{secretArn}' is not a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>).");
        }

        return parts[3];
    }

    private static T? TryParse<T>(byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
