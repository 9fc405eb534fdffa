using System.Text;
using AiGateway.Processor.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Processor.Tests.Telemetry;

public sealed class RotatingFileRecordSinkTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("aigw-sink-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private string Current => Path.Combine(_folder, "records", "usage.jsonl");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WriteAsync_SeveralRecords_EachVisibleToReadersAtOnce()
    {
        using var sink = new RotatingFileRecordSink(Current, 1024 * 1024, _time);

        await WriteAsync(sink, "{\"n\":1}\n");
        Assert.Equal("{\"n\":1}\n", await ReadSharedAsync(Current));
        await WriteAsync(sink, "{\"n\":2}\n");

        // The file is held open between records; a reader (aigw usage) still sees every record written so far.
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n", await ReadSharedAsync(Current));
    }

    [Fact]
    public async Task WriteAsync_OverMaxBytes_RotatesToTheDaysNumberedSiblings()
    {
        var line = new string('x', 15) + "\n";
        using var sink = new RotatingFileRecordSink(Current, 40, _time);
        for (var i = 0; i < 5; i++)
        {
            await WriteAsync(sink, line);
        }

        Assert.Equal(line + line, await ReadSharedAsync(Path.Combine(_folder, "records", "usage.2026-11-23.1.jsonl")));
        Assert.Equal(line + line, await ReadSharedAsync(Path.Combine(_folder, "records", "usage.2026-11-23.2.jsonl")));
        Assert.Equal(line, await ReadSharedAsync(Current));
        Assert.Equal(3, RotatingFileRecordSink.Files(Current).Count());
    }

    [Fact]
    public async Task WriteAsync_NewUtcDay_RotatesUnderThePreviousDay()
    {
        using var sink = new RotatingFileRecordSink(Current, 1024 * 1024, _time);
        await WriteAsync(sink, "monday\n");
        _time.Advance(TimeSpan.FromDays(1));
        await WriteAsync(sink, "tuesday\n");

        Assert.Equal("monday\n", await ReadSharedAsync(Path.Combine(_folder, "records", "usage.2026-11-23.1.jsonl")));
        Assert.Equal("tuesday\n", await ReadSharedAsync(Current));
    }

    [Fact]
    public async Task WriteAsync_FileLeftByAnEarlierDay_RotatesItBeforeTheFirstRecord()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Current)!);
        await File.WriteAllTextAsync(Current, "old\n");
        File.SetLastWriteTimeUtc(Current, new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc));

        using var sink = new RotatingFileRecordSink(Current, 1024 * 1024, _time);
        await WriteAsync(sink, "new\n");

        Assert.Equal("old\n", await ReadSharedAsync(Path.Combine(_folder, "records", "usage.2026-11-20.1.jsonl")));
        Assert.Equal("new\n", await ReadSharedAsync(Current));
    }

    [Fact]
    public async Task WriteAsync_FileOfTodayFromAnEarlierProcess_AppendsToIt()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Current)!);
        await File.WriteAllTextAsync(Current, "earlier\n");
        File.SetLastWriteTimeUtc(Current, _time.GetUtcNow().UtcDateTime.AddHours(-1));

        using var sink = new RotatingFileRecordSink(Current, 1024 * 1024, _time);
        await WriteAsync(sink, "later\n");

        Assert.Equal("earlier\nlater\n", await ReadSharedAsync(Current));
        Assert.Single(RotatingFileRecordSink.Files(Current));
    }

    [Fact]
    public async Task WriteAsync_AfterDispose_ReopensAndAppends()
    {
        var sink = new RotatingFileRecordSink(Current, 1024 * 1024, _time);
        await WriteAsync(sink, "a\n");
        sink.Dispose();
        // The reopened file's day comes from its modification time (the real clock): keep it on the fake clock's day,
        // or the test would rotate whenever the real date is not 2026-11-23.
        File.SetLastWriteTimeUtc(Current, _time.GetUtcNow().UtcDateTime);

        // A stream ending during shutdown may still write after the sinks were closed.
        await WriteAsync(sink, "b\n");
        sink.Dispose();

        Assert.Equal("a\nb\n", await ReadSharedAsync(Current));
    }

    private static Task WriteAsync(RotatingFileRecordSink sink, string line) =>
        sink.WriteAsync(Encoding.UTF8.GetBytes(line), CancellationToken.None).AsTask().WaitAsync(Timeout);

    private static async Task<string> ReadSharedAsync(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(Timeout);
    }
}
