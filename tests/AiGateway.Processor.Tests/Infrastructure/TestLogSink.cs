using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.Tests.Infrastructure;

/// <summary>
/// Captures every log entry of a test's processor. Tests call <see cref="AssertNoUnexpectedErrors"/> (the fixture
/// does on dispose) so an unexpected Error log fails the test instead of passing silently.
/// </summary>
public sealed class TestLogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly HashSet<string> _allowedErrorEvents = new(StringComparer.Ordinal);

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public void AllowErrors(string eventName) => _allowedErrorEvents.Add(eventName);

    public ILogger CreateLogger(string categoryName) => new SinkLogger(categoryName, _entries);

    public void AssertNoUnexpectedErrors()
    {
        var unexpected = _entries.Where(e => e.Level >= LogLevel.Error && !_allowedErrorEvents.Contains(e.EventName ?? "")).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected error logs:\n" + string.Join("\n", unexpected.Select(e => $"{e.Category} {e.EventName}: {e.Message} {e.Exception}")));
    }

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, string? EventName, string Message, Exception? Exception);

    private sealed class SinkLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Name, formatter(state, exception), exception));
    }
}
