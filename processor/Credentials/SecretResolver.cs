using System.Collections.Concurrent;
using System.Text.Json;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.ExtProc.Recording;

namespace AiGateway.Processor.Credentials;

/// <summary>
/// Resolves secret references (env, file, AWS Secrets Manager) to values, cached and refreshed after
/// <see cref="RefreshAfter"/>; <see cref="Invalidate"/> forces a fresh read (e.g. after a provider's 401). A failed
/// refresh keeps serving the last good value. Values are never logged; every value it has seen is offered to the
/// recorder for redaction.
/// </summary>
internal sealed class SecretResolver : ISecretValueSource
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<SecretReference, CachedSecret> _cache = new();
    private readonly SecretsManagerClient _secretsManager;
    private readonly GatewayConfigStore _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SecretResolver(SecretsManagerClient secretsManager, GatewayConfigStore config, TimeProvider time, ILogger<SecretResolver> logger)
    {
        _secretsManager = secretsManager;
        _config = config;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<string> GetAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(reference, out var cached) && now - cached.FetchedAt < RefreshAfter)
        {
            return cached.Value;
        }

        try
        {
            var value = await ReadAsync(reference, cancellationToken).ConfigureAwait(false);
            _cache[reference] = new CachedSecret(value, now);
            return value;
        }
        catch (Exception e) when (cached is not null && e is SecretsManagerException or HttpRequestException or IOException)
        {
            CredentialsLog.RefreshFailedUsingCached(_logger, reference.ToString(), e.Message);
            return cached.Value;
        }
    }

    public void Invalidate(SecretReference reference) => _cache.TryRemove(reference, out _);

    public IEnumerable<string> SecretValues()
    {
        foreach (var cached in _cache.Values)
        {
            yield return cached.Value;
        }

        foreach (var provider in _config.Current.Config.Providers.Values)
        {
            if (provider.ApiKey is { AwsSecret: null } reference && TryReadLocal(reference) is { Length: > 0 } value)
            {
                yield return value;
            }
        }
    }

    private async Task<string> ReadAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        if (reference.AwsSecret is { } arn)
        {
            var secret = await _secretsManager.GetSecretStringAsync(arn, cancellationToken).ConfigureAwait(false);
            return reference.JsonKey is { } key ? JsonKey(secret, key, arn) : secret;
        }

        return TryReadLocal(reference) ?? throw new IOException($"secret {reference} is not set");
    }

    private static string? TryReadLocal(SecretReference reference)
    {
        if (reference.Env is { } name)
        {
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        }

        if (reference.File is { } path && File.Exists(path))
        {
            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }

        return null;
    }

    private static string JsonKey(string secret, string key, string arn)
    {
        try
        {
            using var document = JsonDocument.Parse(secret);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(key, out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Reported below without echoing the secret.
        }

        throw new SecretsManagerException("MissingJsonKey", $"The secret {arn} is not a JSON object with a string '{key}'.");
    }

    private sealed record CachedSecret(string Value, DateTimeOffset FetchedAt);
}
