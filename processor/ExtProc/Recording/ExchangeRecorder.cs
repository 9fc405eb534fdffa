using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.ExtProc.Recording;

/// <summary>
/// Writes each ext_proc stream to its own file when <c>recording.dir</c> is set (docs/recording.md). Secrets are
/// redacted before the text is built; a failed write is logged and never fails the request.
/// </summary>
internal sealed class ExchangeRecorder
{
    public static readonly string ProcessorVersion =
        typeof(ExchangeRecorder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly ISecretValueSource _secrets;
    private readonly ILogger _logger;
    private long _sequence;

    public ExchangeRecorder(ISecretValueSource secrets, ILogger<ExchangeRecorder> logger)
    {
        _secrets = secrets;
        _logger = logger;
    }

    /// <summary>A recording for a new stream, or null when recording is off in the exchange's config.</summary>
    public ExchangeRecording? Start(Exchange exchange) =>
        exchange.Snapshot.Config.Recording.Dir is null ? null : new ExchangeRecording(new RecordingRedactor(_secrets.SecretValues()));

    public void Complete(Exchange exchange, ExchangeRecording recording)
    {
        if (recording.MessageCount == 0 || exchange.Snapshot.Config.Recording.Dir is not { } dir)
        {
            return;
        }

        var level = exchange.Level == FilterLevel.Upstream ? "upstream" : "router";
        var sequence = Interlocked.Increment(ref _sequence);
        var name = string.Create(CultureInfo.InvariantCulture, $"{exchange.StartedAtUtc:yyyyMMdd'T'HHmmssfff}-{Environment.ProcessId}-{sequence:D6}-{level}.jsonl");
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, name), recording.Text(RecordingFormat.HeaderLine(ProcessorVersion, exchange.Snapshot.Hash, level)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RecordingLog.WriteFailed(_logger, dir, e);
        }
    }
}
