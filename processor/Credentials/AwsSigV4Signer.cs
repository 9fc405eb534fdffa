using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace AiGateway.Processor.Credentials;

/// <summary>
/// AWS Signature V4 for the few AWS calls we make (Bedrock runtime, ApplyGuardrail, Secrets Manager). The canonical
/// request is built here because Envoy sends our path bytes as they are and the non-S3 rule is to URI-encode that
/// already-encoded path again (provider-apis.md §6.2); the key derivation comes from AWSSDK.Core, cached per day
/// (<see cref="AwsSigningKeyCache"/>), and the string to sign is the fixed four-line form of §6.2.
/// </summary>
internal static class AwsSigV4Signer
{
    /// <summary>The headers to add to the request: <c>x-amz-date</c>, <c>x-amz-security-token</c> (temporary credentials) and <c>authorization</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(AwsSigningRequest request, ImmutableCredentials credentials, DateTime signedAtUtc)
    {
        var amzDate = signedAtUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.Host,
            ["x-amz-date"] = amzDate,
        };
        foreach (var (name, value) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = value;
        }

        if (!string.IsNullOrEmpty(credentials.Token))
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = CanonicalRequest(request, headers, signedHeaders);
        var date = amzDate[..8];
        var scope = $"{date}/{request.Region}/{request.Service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signingKey = AwsSigningKeyCache.For(credentials.AccessKey, credentials.SecretKey, date, request.Region, request.Service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
        var added = new List<KeyValuePair<string, string>>(3) { new("x-amz-date", amzDate) };
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            added.Add(new("x-amz-security-token", credentials.Token));
        }

        added.Add(new("authorization", $"AWS4-HMAC-SHA256 Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return added;
    }

    internal static string CanonicalRequest(AwsSigningRequest request, SortedDictionary<string, string> headers, string signedHeaders)
    {
        var builder = new StringBuilder(512);
        builder.Append(request.Method).Append('\n');
        builder.Append(EncodePath(request.Path)).Append('\n');
        builder.Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(CollapseWhitespace(value)).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n');
        builder.Append(Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)));
        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding of every byte except unreserved characters and '/' (botocore's quote(path, safe='/~')).</summary>
    internal static string EncodePath(string path)
    {
        var builder = new StringBuilder(path.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return "";
        }

        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                return (Name: Uri.EscapeDataString(name), Value: Uri.EscapeDataString(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static string CollapseWhitespace(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        var previousSpace = false;
        foreach (var c in trimmed)
        {
            var space = c == ' ';
            if (!space || !previousSpace)
            {
                builder.Append(c);
            }

            previousSpace = space;
        }

        return builder.ToString();
    }
}
