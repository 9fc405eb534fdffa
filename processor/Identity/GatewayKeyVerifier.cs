using System.Security.Cryptography;
using AiGateway.Processor.Configuration;

namespace AiGateway.Processor.Identity;

/// <summary>
/// Checks gateway API keys from memory: the key file is loaded into an immutable snapshot, answers are cached (a
/// bounded LRU of good keys, and a bounded negative cache so a flood of bad keys costs a dictionary lookup), and the
/// file is re-read every <c>identity.keys_reload_interval</c>. A reload replaces snapshot and caches together, so a
/// revoked key stops working within one interval plus one check (under 5 s) on every replica that reads the file.
/// </summary>
internal sealed class GatewayKeyVerifier : IDisposable
{
    private const int CacheCapacity = 10_000;
    private readonly GatewayConfigStore _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private KeySnapshot _snapshot = KeySnapshot.Empty;
    private ITimer? _timer;

    public GatewayKeyVerifier(GatewayConfigStore config, TimeProvider time, ILogger<GatewayKeyVerifier> logger)
    {
        _config = config;
        _time = time;
        _logger = logger;
        Reload();
    }

    /// <summary>The key file path of the current config, resolved against the config file's folder; null when keys are off.</summary>
    public string? KeysFilePath => ResolvePath(_config);

    public static string? ResolvePath(GatewayConfigStore config) =>
        config.Current.Config.Identity.KeysFile is { } file
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(config.FilePath)!, file))
            : null;

    public void StartWatching()
    {
        var interval = _config.Current.Config.Identity.KeysReloadInterval;
        _timer = _time.CreateTimer(_ => Reload(), null, interval, interval);
    }

    public (KeyCheckStatus Status, GatewayKeyRecord? Record) Check(string presentedKey)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot.Invalid.TryGet(presentedKey, out _))
        {
            return (KeyCheckStatus.Unknown, null);
        }

        if (!snapshot.Valid.TryGet(presentedKey, out var record))
        {
            if (!GatewayKeyFormat.TryParse(presentedKey, out var id, out var secret)
                || !snapshot.Keys.TryGetValue(id, out record)
                || !GatewayKeyFormat.Matches(record, secret))
            {
                snapshot.Invalid.Set(presentedKey, true);
                return (KeyCheckStatus.Unknown, null);
            }

            snapshot.Valid.Set(presentedKey, record);
        }

        if (record.RevokedAt is not null)
        {
            return (KeyCheckStatus.Revoked, record);
        }

        return record.ExpiresAt is { } expires && expires <= _time.GetUtcNow()
            ? (KeyCheckStatus.Expired, record)
            : (KeyCheckStatus.Valid, record);
    }

    /// <summary>Re-reads the key file if it changed; a file that cannot be read keeps the previous keys.</summary>
    public void Reload()
    {
        lock (_reloadLock)
        {
            var path = KeysFilePath;
            byte[] hash;
            try
            {
                hash = path is not null && File.Exists(path) ? SHA256.HashData(File.ReadAllBytes(path)) : [];
            }
            catch (IOException)
            {
                return;
            }

            var current = Volatile.Read(ref _snapshot);
            if (path == current.Path && hash.AsSpan().SequenceEqual(current.FileHash))
            {
                return;
            }

            try
            {
                var content = path is null ? new GatewayKeyFileContent() : GatewayKeyFile.Read(path);
                var keys = content.Keys.ToDictionary(k => k.Id, StringComparer.Ordinal);
                Volatile.Write(ref _snapshot, new KeySnapshot(path, hash, keys));
                IdentityLog.KeysLoaded(_logger, path ?? "(none)", keys.Count);
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException or ArgumentException)
            {
                IdentityLog.KeysRejected(_logger, path ?? "(none)", e.Message);
            }
        }
    }

    public void Dispose() => _timer?.Dispose();

    private sealed record KeySnapshot(string? Path, byte[] FileHash, Dictionary<string, GatewayKeyRecord> Keys)
    {
        public static readonly KeySnapshot Empty = new(null, [0], new Dictionary<string, GatewayKeyRecord>());

        public BoundedCache<string, GatewayKeyRecord> Valid { get; } = new(CacheCapacity, StringComparer.Ordinal);

        public BoundedCache<string, bool> Invalid { get; } = new(CacheCapacity, StringComparer.Ordinal);
    }
}
