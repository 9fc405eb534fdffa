using System.CommandLine;
using AiGateway.Processor.ExtProc.Replay;

namespace AiGateway.Processor.Cli;

/// <summary>
/// <c>aigw replay &lt;dir&gt;</c>: replays every recorded exchange under a folder and prints a diff for each
/// mismatch (exit 1). <c>--update</c> rewrites the expected responses after a deliberate change.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "Folder of recordings (*.jsonl) with an aigw.yaml in it or a parent." };
        var update = new Option<bool>("--update") { Description = "Rewrite mismatching recordings with the processor's current responses." };
        var command = new Command("replay", "Replay recorded ext_proc exchanges against this processor and compare the responses.") { directory, update };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = result.GetValue(directory)!;
            if (!dir.Exists)
            {
                await Console.Error.WriteLineAsync($"aigw replay: {dir.FullName} does not exist.").ConfigureAwait(false);
                return 2;
            }

            var results = await ExchangeReplayer.ReplayAsync(dir.FullName, result.GetValue(update), cancellationToken).ConfigureAwait(false);
            foreach (var replay in results)
            {
                var status = replay.Updated ? "UPDATED" : replay.Passed ? "ok" : "FAIL";
                Console.WriteLine($"{status,-8} {Path.GetRelativePath(dir.FullName, replay.File)}");
                if (!replay.Passed)
                {
                    Console.WriteLine(replay.Diff);
                }
            }

            var failed = results.Count(r => !r.Passed);
            Console.WriteLine($"{results.Count - failed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}
