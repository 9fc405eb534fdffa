using System.Globalization;

namespace AiGateway.Processor.Telemetry;

/// <summary>
/// The embedded default: JSON lines appended to a local file, rotated when it reaches a size or a new UTC day
/// begins. A rotated file is renamed <c>{name}.{yyyy-MM-dd}.{n}{ext}</c> (the day of its records), so
/// <c>aigw usage</c> reads the current file and every rotated sibling. The file stays open between records and is
/// written unbuffered: one write per record reaches the file at once (readers see it), without the open, stat and
/// close per record that cost more CPU than the record itself (docs/performance.md, "Found by profiling: perfpipe").
/// </summary>
internal sealed class RotatingFileRecordSink : IUsageRecordSink, IDisposable
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;
    private FileStream? _file;
    private long _length;
    private DateOnly _day;

    public RotatingFileRecordSink(string path, long maxBytes, TimeProvider time)
    {
        _path = path;
        _maxBytes = maxBytes;
        _time = time;
    }

    public string Name => "file";

    public ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var file = _file ?? Open();
        if (_length > 0 && (_day != today || _length + lines.Length > _maxBytes))
        {
            Close();
            Rotate(_day);
            file = Open();
        }

        try
        {
            // Synchronously: the queue's worker is already off the request path, and an asynchronous file write on
            // Linux is the same write queued to another pool thread.
            file.Write(lines.Span);
        }
        catch
        {
            // A failed write may have written part of the line: reopen (and re-read the length) before the retry.
            Close();
            throw;
        }

        _length += lines.Length;
        _day = today;
        return ValueTask.CompletedTask;
    }

    public void Dispose() => Close();

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

    /// <summary>Opens (or creates) the current file; an existing file keeps the day of its last write.</summary>
    private FileStream Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _length = file.Length;
        _day = _length > 0 ? DateOnly.FromDateTime(File.GetLastWriteTimeUtc(_path)) : DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        _file = file;
        return file;
    }

    private void Close()
    {
        _file?.Dispose();
        _file = null;
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
