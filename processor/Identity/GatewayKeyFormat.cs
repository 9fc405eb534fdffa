using System.Security.Cryptography;
using System.Text;

namespace AiGateway.Processor.Identity;

/// <summary>
/// Gateway API keys look like <c>aigw_&lt;id&gt;_&lt;secret&gt;</c>: a 10-character public id (to find the record without
/// scanning) and a 32-character random secret (~190 bits). Only a salted SHA-256 of the secret is stored; with that
/// much entropy a slow hash adds nothing but latency.
/// </summary>
internal static class GatewayKeyFormat
{
    public const string Prefix = "aigw_";
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int IdLength = 10;
    private const int SecretLength = 32;

    /// <summary>A new key (shown once) and the record to store for it.</summary>
    public static (string Key, GatewayKeyRecord Record) Create(string team, string? name, DateTimeOffset now, DateTimeOffset? expiresAt, List<string> allowedModels)
    {
        var id = RandomNumberGenerator.GetString(IdAlphabet, IdLength);
        var secret = RandomNumberGenerator.GetString(SecretAlphabet, SecretLength);
        var salt = RandomNumberGenerator.GetBytes(16);
        var record = new GatewayKeyRecord
        {
            Id = id,
            Team = team,
            Name = name,
            Salt = Convert.ToHexStringLower(salt),
            Hash = Convert.ToHexStringLower(Hash(salt, secret)),
            CreatedAt = now,
            ExpiresAt = expiresAt,
            AllowedModels = allowedModels,
        };
        return ($"{Prefix}{id}_{secret}", record);
    }

    /// <summary>Splits a presented key; false when it does not have the gateway key shape.</summary>
    public static bool TryParse(string key, out string id, out string secret)
    {
        id = secret = "";
        if (key.Length != Prefix.Length + IdLength + 1 + SecretLength || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        id = key.Substring(Prefix.Length, IdLength);
        secret = key[(Prefix.Length + IdLength + 1)..];
        return true;
    }

    public static bool Matches(GatewayKeyRecord record, string secret)
    {
        byte[] expected, salt;
        try
        {
            expected = Convert.FromHexString(record.Hash);
            salt = Convert.FromHexString(record.Salt);
        }
        catch (FormatException)
        {
            return false;
        }

        return expected.Length == 32 && CryptographicOperations.FixedTimeEquals(Hash(salt, secret), expected);
    }

    private static byte[] Hash(byte[] salt, string secret)
    {
        var secretBytes = Encoding.ASCII.GetBytes(secret);
        var input = new byte[salt.Length + secretBytes.Length];
        salt.CopyTo(input, 0);
        secretBytes.CopyTo(input, salt.Length);
        return SHA256.HashData(input);
    }
}
