using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.Configuration;

/// <summary>
/// Holds the current <see cref="GatewaySnapshot"/> and reloads it when the file changes. A change is validated in
/// full and swapped in whole; a bad change keeps the old snapshot, is logged and shows on /readyz.
/// Changes are noticed by a file watcher and, because watchers miss events on some mounts (symlink swaps of
/// mounted config maps), by polling the file's hash too.
/// </summary>
internal sealed class GatewayConfigStore : IDisposable
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(50);
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private GatewaySnapshot _current;
    private ConfigReloadStatus _status;
    private byte[] _lastFileHash;
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;

    public GatewayConfigStore(string path, TimeProvider time, ILogger<GatewayConfigStore> logger)
    {
        _path = System.IO.Path.GetFullPath(path);
        _time = time;
        _logger = logger;
        _current = GatewayConfigLoader.LoadFile(_path);
        _lastFileHash = HashFile() ?? [];
        _status = new ConfigReloadStatus(_current.Hash, time.GetUtcNow(), null, null);
        var config = _current.Config;
        ConfigurationLog.Loaded(logger, _path, _current.Hash, config.Models.Count, config.Backends.Count, config.Providers.Count);
    }

    public GatewaySnapshot Current => Volatile.Read(ref _current);

    public ConfigReloadStatus Status => Volatile.Read(ref _status);

    public string FilePath => _path;

    /// <summary>Raised after a new snapshot is in place.</summary>
    public event Action<GatewaySnapshot>? Changed;

    /// <summary>Starts noticing changes: a file watcher for speed, a poll of the file hash for certainty.</summary>
    public void StartWatching()
    {
        var interval = Current.Config.Server.ReloadInterval;
        _timer = _time.CreateTimer(_ => Reload(), null, interval, interval);
        try
        {
            var directory = System.IO.Path.GetDirectoryName(_path)!;
            _watcher = new FileSystemWatcher(directory, System.IO.Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Reload();
            _watcher.Created += (_, _) => Reload();
            _watcher.Renamed += (_, _) => Reload();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            ConfigurationLog.WatcherFailed(_logger, e);
        }
    }

    /// <summary>Reads the file again; returns true when a new snapshot was swapped in.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            var fileHash = HashFile();
            if (fileHash is null || fileHash.AsSpan().SequenceEqual(_lastFileHash))
            {
                return false;
            }

            // An editor or a writer may still be writing: only a file that stays the same for a moment is read.
            Thread.Sleep(SettleTime);
            if (HashFile() is not { } settled || !settled.AsSpan().SequenceEqual(fileHash))
            {
                return false;
            }

            _lastFileHash = fileHash;
            var old = Current;
            GatewaySnapshot next;
            try
            {
                next = GatewayConfigLoader.LoadFile(_path);
            }
            catch (ConfigException e)
            {
                Volatile.Write(ref _status, _status with { LastError = e.Message, LastErrorAt = _time.GetUtcNow() });
                ConfigurationLog.ReloadRejected(_logger, old.Hash, e.Message);
                return false;
            }

            Volatile.Write(ref _current, next);
            Volatile.Write(ref _status, new ConfigReloadStatus(next.Hash, _time.GetUtcNow(), null, null));
            ConfigurationLog.Reloaded(_logger, old.Hash, next.Hash);
            Changed?.Invoke(next);
            return true;
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
    }

    private byte[]? HashFile()
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(_path));
        }
        catch (IOException)
        {
            // Mid-write or mid-swap; the next poll or watcher event sees the finished file.
            return null;
        }
    }
}
