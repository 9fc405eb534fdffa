using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiGateway.FakeProviders.SigV4;

/// <summary>
/// SigV4 computations (shared/reference/provider-apis.md §6.1-6.2): canonical request, string to sign,
/// signing key and signature. The verifier recomputes a received request's signature with these, and
/// tests use <see cref="Sign"/> to build correctly and wrongly signed requests.
/// </summary>
internal static class AwsSigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static string CanonicalRequest(AwsSigV4Request request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalUri(request.RawPath)).Append('\n');
        builder.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request.Headers, name)).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static string Scope(string date, string region, string service) => $"{date}/{region}/{service}/aws4_request";

    public static string Signature(string secretAccessKey, string date, string region, string service, string stringToSign)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>
    /// Signs a request whose headers already hold <c>x-amz-date</c> (and the session token, if any) and
    /// returns the <c>Authorization</c> value. Signs the given header names, sorted.
    /// </summary>
    public static string Sign(AwsSigV4Request request, string accessKeyId, string secretAccessKey, string region, string service, IEnumerable<string> headerNames)
    {
        var amzDate = CanonicalHeaderValue(request.Headers, "x-amz-date");
        var date = amzDate[..8];
        var signed = headerNames.Select(name => name.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var canonical = CanonicalRequest(request, signed, HexSha256(request.Body.Span));
        var scope = Scope(date, region, service);
        var signature = Signature(secretAccessKey, date, region, service, StringToSign(amzDate, scope, canonical));
        return $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', signed)}, Signature={signature}";
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>
    /// Non-S3 services URI-encode the path as sent once more, keeping <c>/</c>: <c>%3A</c> becomes
    /// <c>%253A</c> (§6.2, botocore <c>quote(path, safe='/~')</c>).
    /// </summary>
    public static string CanonicalUri(string rawPath) => rawPath.Length == 0 ? "/" : Encode(rawPath, keepSlash: true);

    public static string CanonicalQuery(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((Encode(Uri.UnescapeDataString(name), keepSlash: false), Encode(Uri.UnescapeDataString(value), keepSlash: false)));
        }

        return string.Join('&', pairs
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => pair.Name + "=" + pair.Value));
    }

    /// <summary>Values of one header joined by commas, each trimmed with inner whitespace runs collapsed.</summary>
    public static string CanonicalHeaderValue(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var values = new List<string>();
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(string.Join(' ', header.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)));
            }
        }

        return string.Join(',', values);
    }

    private static string Encode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (keepSlash && c == '/'))
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
}
