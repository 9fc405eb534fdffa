using System.Globalization;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// The embedded default: JSON lines appended to a local file, rotated when it reaches a size or a new UTC day
/// begins. A rotated file is renamed <c>{name}.{yyyy-MM-dd}.{n}{ext}</c> (the day of its records), so
/// <c>aigw usage</c> reads the current file and every rotated sibling.
/// </summary>
internal sealed class RotatingFileRecordSink : IUsageRecordSink
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;
    private DateOnly? _day;

    public RotatingFileRecordSink(string path, long maxBytes, TimeProvider time)
    {
        _path = path;
        _maxBytes = maxBytes;
        _time = time;
    }

    public string Name => "file";

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var existing = new FileInfo(_path);
        if (existing.Exists && existing.Length > 0)
        {
            var fileDay = _day ?? DateOnly.FromDateTime(existing.LastWriteTimeUtc);
            if (fileDay != today || existing.Length + line.Length > _maxBytes)
            {
                Rotate(fileDay);
            }
        }

        var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        await using (file.ConfigureAwait(false))
        {
            await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        }

        _day = today;
    }

    /// <summary>Every file of this sink, rotated ones first (oldest name order), the current last.</summary>
    public static IEnumerable<string> Files(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (Directory.Exists(directory))
        {
            var pattern = $"{Path.GetFileNameWithoutExtension(path)}.*{Path.GetExtension(path)}";
            foreach (var rotated in Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal))
            {
                yield return rotated;
            }
        }

        if (File.Exists(path))
        {
            yield return path;
        }
    }

    private void Rotate(DateOnly day)
    {
        var directory = Path.GetDirectoryName(_path)!;
        var stem = Path.GetFileNameWithoutExtension(_path);
        var extension = Path.GetExtension(_path);
        for (var n = 1; ; n++)
        {
            var target = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{stem}.{day:yyyy-MM-dd}.{n}{extension}"));
            if (!File.Exists(target))
            {
                File.Move(_path, target);
                return;
            }
        }
    }
}
