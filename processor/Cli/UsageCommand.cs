using System.CommandLine;
using System.Globalization;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Telemetry;

namespace AiGateway.Processor.Cli;

/// <summary>
/// <c>aigw usage --from DATE --to DATE [--team T] [--file PATH]</c>: tokens and cost by team and model from the local
/// usage records (the current file and its rotated siblings). Dates are UTC; <c>--to</c> is exclusive.
/// </summary>
internal static class UsageCommand
{
    public static Command Create()
    {
        var command = new Command("usage", "Summarise the local usage records: tokens and cost by team and model.");
        var from = new Option<string>("--from") { Description = "First UTC date or time included (e.g. 2026-11-01).", Required = true };
        var to = new Option<string>("--to") { Description = "UTC date or time where the range ends (exclusive).", Required = true };
        var team = new Option<string?>("--team") { Description = "Only this team." };
        var file = new Option<string?>("--file") { Description = "The usage record file (default: telemetry.usage_records of --config)." };
        var config = AigwCommandLine.ConfigOption();
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(team);
        command.Options.Add(file);
        command.Options.Add(config);
        command.SetAction(result => Run(result.GetValue(from)!, result.GetValue(to)!, result.GetValue(team), result.GetValue(file), result.GetValue(config), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string from, string to, string? team, string? file, string? configPath, TextWriter output, TextWriter error)
    {
        if (!TryParse(from, out var start) || !TryParse(to, out var end))
        {
            error.WriteLine("aigw usage: --from and --to must be dates (yyyy-MM-dd) or ISO 8601 times.");
            return 2;
        }

        if (file is null)
        {
            if (configPath is null || GatewayConfigLoader.LoadFile(configPath).Config.Telemetry.UsageRecords is not { } target || target == "stdout")
            {
                error.WriteLine("aigw usage: give --file, or --config whose telemetry.usage_records is a file.");
                return 2;
            }

            file = UsageRecordSinks.FilePath(configPath, target);
        }

        var lines = RotatingFileRecordSink.Files(file).SelectMany(File.ReadLines);
        UsageSummary.Read(lines, start, end, team).WriteTable(output);
        return 0;
    }

    private static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
