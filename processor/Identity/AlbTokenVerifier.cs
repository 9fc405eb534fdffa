using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Identity;

/// <summary>
/// Verifies the ALB's <c>x-amzn-oidc-data</c> JWT (AWS ALB user authentication docs): header <c>alg</c> must be
/// ES256 (never <c>none</c>), <c>signer</c> must be the configured ALB ARN, <c>exp</c> (in the header, or the
/// payload) must be in the future, and the signature must verify with the ALB's public key for <c>kid</c>. The ALB
/// pads its base64url parts with '=', so both padded and unpadded parts are accepted.
/// </summary>
internal sealed class AlbTokenVerifier
{
    private readonly IAlbPublicKeySource _keys;
    private readonly TimeProvider _time;

    public AlbTokenVerifier(IAlbPublicKeySource keys, TimeProvider time)
    {
        _keys = keys;
        _time = time;
    }

    /// <summary>The verified payload (the caller disposes it), or null with the reason it was refused.</summary>
    public async ValueTask<(JsonDocument? Payload, string? Failure)> VerifyAsync(string token, AlbIdentityConfig config, CancellationToken cancellationToken)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || Decode(parts[0]) is not { } headerBytes || Decode(parts[1]) is not { } payloadBytes || Decode(parts[2]) is not { } signature)
        {
            return (null, "malformed");
        }

        JsonDocument header;
        JsonDocument payload;
        try
        {
            header = JsonDocument.Parse(headerBytes);
            payload = JsonDocument.Parse(payloadBytes);
        }
        catch (JsonException)
        {
            return (null, "malformed");
        }

        using (header)
        {
            var failure = await CheckAsync(header.RootElement, payload.RootElement, Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]), signature, config, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                payload.Dispose();
                return (null, failure);
            }

            return (payload, null);
        }
    }

    private async ValueTask<string?> CheckAsync(JsonElement header, JsonElement payload, byte[] signedPart, byte[] signature, AlbIdentityConfig config, CancellationToken cancellationToken)
    {
        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object)
        {
            return "malformed";
        }

        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "ES256")
        {
            return "alg";
        }

        if (!header.TryGetProperty("signer", out var signer) || signer.ValueKind != JsonValueKind.String || !string.Equals(signer.GetString(), config.SignerArn, StringComparison.Ordinal))
        {
            return "signer";
        }

        if (!(TryGetExpiry(header, out var exp) || TryGetExpiry(payload, out exp)) || exp <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return "expired";
        }

        // The kid becomes part of a URL: only the characters AWS uses (a UUID) are accepted.
        if (!header.TryGetProperty("kid", out var kidElement) || kidElement.GetString() is not { Length: > 0 and <= 128 } kid || !IsSafeKid(kid))
        {
            return "kid";
        }

        // ES256 JWS signatures are r‖s, 32 bytes each (RFC 7518 §3.4), the IEEE P1363 format .NET verifies by default.
        var key = await _keys.GetAsync(config.KeysUrl, kid, cancellationToken).ConfigureAwait(false);
        return signature.Length == 64 && key is not null && key.VerifyData(signedPart, signature, HashAlgorithmName.SHA256) ? null : "signature";
    }

    private static bool TryGetExpiry(JsonElement element, out long exp)
    {
        exp = 0;
        return element.TryGetProperty("exp", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out exp);
    }

    private static bool IsSafeKid(string kid)
    {
        foreach (var c in kid)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static byte[]? Decode(string part)
    {
        var trimmed = part.TrimEnd('=');
        var bytes = new byte[Base64Url.GetMaxDecodedLength(trimmed.Length)];
        try
        {
            return Base64Url.TryDecodeFromChars(trimmed, bytes, out var written) ? bytes[..written] : null;
        }
        catch (FormatException)
        {
            // An impossible length (one char left over) throws instead of answering false.
            return null;
        }
    }
}
