using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiGateway.FakeProviders.SigV4;

/// <summary>
/// Recomputes the SigV4 signature of a received request with the test credentials and compares it
/// (shared/reference/provider-apis.md §6.1-6.2). Messages and exception names follow what AWS answers.
/// </summary>
internal sealed class AwsSigV4Verifier(FakeCredentials credentials, TimeProvider time, TimeSpan allowedClockSkew)
{
    private const string Service = "bedrock";

    public AwsSigV4Rejection? Verify(AwsSigV4Request request)
    {
        request = WithAuthorityAlias(request);
        var authorization = AwsSigV4Signer.CanonicalHeaderValue(request.Headers, "authorization");
        if (authorization.Length == 0)
        {
            return new("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        if (!TryParse(authorization, out var credential, out var signedHeaders, out var signature))
        {
            return new("IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
        }

        var scopeParts = credential.Split('/');
        if (scopeParts.Length != 5 || scopeParts[4] != "aws4_request")
        {
            return new("IncompleteSignatureException", "Credential should be scoped to a valid region.");
        }

        if (scopeParts[0] != credentials.AwsAccessKeyId)
        {
            return new("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (scopeParts[2] != credentials.AwsRegion || scopeParts[3] != Service)
        {
            return new("InvalidSignatureException", $"Credential should be scoped to correct service and region: '{credentials.AwsRegion}/{Service}'.");
        }

        var amzDate = AwsSigV4Signer.CanonicalHeaderValue(request.Headers, "x-amz-date");
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || amzDate[..8] != scopeParts[1]
            || !signedHeaders.Contains("x-amz-date"))
        {
            return new("IncompleteSignatureException", "Date must be in ISO-8601 'basic format' and signed as x-amz-date.");
        }

        if ((time.GetUtcNow() - signedAt).Duration() > allowedClockSkew)
        {
            return new("InvalidSignatureException", "Signature expired: the request time is too far from the server time.");
        }

        if (!signedHeaders.Contains("host") && !signedHeaders.Contains(":authority"))
        {
            return new("InvalidSignatureException", "'Host' must be a signed header.");
        }

        if (credentials.AwsSessionToken is { } token)
        {
            var sent = AwsSigV4Signer.CanonicalHeaderValue(request.Headers, "x-amz-security-token");
            if (sent != token || !signedHeaders.Contains("x-amz-security-token"))
            {
                return new("UnrecognizedClientException", "The security token included in the request is invalid.");
            }
        }

        // The payload hash is always computed from the bytes received; a client's x-amz-content-sha256
        // claim is only a signed header like any other, so a changed body shows as a signature mismatch.
        var payloadHash = AwsSigV4Signer.HexSha256(request.Body.Span);
        var canonical = AwsSigV4Signer.CanonicalRequest(request, signedHeaders, payloadHash);
        var scope = AwsSigV4Signer.Scope(scopeParts[1], scopeParts[2], scopeParts[3]);
        var expected = AwsSigV4Signer.Signature(credentials.AwsSecretAccessKey, scopeParts[1], scopeParts[2], scopeParts[3], AwsSigV4Signer.StringToSign(amzDate, scope, canonical));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return new("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return null;
    }

    /// <summary>
    /// Over HTTP/2 the AWS SDK for JavaScript signs the <c>:authority</c> pseudo-header instead of
    /// <c>host</c> (seen with @aws-sdk/client-bedrock-runtime 3.x); Kestrel hands both as Host, so the
    /// received host value stands for either name.
    /// </summary>
    private static AwsSigV4Request WithAuthorityAlias(AwsSigV4Request request)
    {
        var host = AwsSigV4Signer.CanonicalHeaderValue(request.Headers, "host");
        if (host.Length == 0 || request.Headers.Any(header => header.Key == ":authority"))
        {
            return request;
        }

        return request with { Headers = [.. request.Headers, new(":authority", host)] };
    }

    private static bool TryParse(string authorization, out string credential, out List<string> signedHeaders, out string signature)
    {
        credential = string.Empty;
        signedHeaders = [];
        signature = string.Empty;
        if (!authorization.StartsWith(AwsSigV4Signer.Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in authorization[(AwsSigV4Signer.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = [.. value.Split(';')];
                    break;
                case "Signature":
                    signature = value;
                    break;
                default:
                    break;
            }
        }

        return credential.Length > 0 && signedHeaders.Count > 0 && signature.Length > 0;
    }
}
