using System.Text.Json.Nodes;
using AiGateway.Processor.ExtProc.Replay;
using AiGateway.Processor.Tests.Infrastructure;

namespace AiGateway.Processor.Tests.ExtProc.Replay;

/// <summary>CI replays every recorded exchange under tests/exchanges (docs/recording.md).</summary>
public sealed class ExchangeReplayTests
{
    /// <summary>One case per folder: a folder's streams share one processor (router-level streams and their attempts).</summary>
    public static TheoryData<string> Folders()
    {
        var data = new TheoryData<string>();
        foreach (var folder in ExchangeReplayer.FindRecordings(RepositoryPaths.Exchanges).Select(Path.GetDirectoryName).Distinct())
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Exchanges, folder!));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Replay_RecordedExchanges_MatchTheProcessorsResponses(string folder)
    {
        var results = await ExchangeReplayer.ReplayAsync(Path.Combine(RepositoryPaths.Exchanges, folder), update: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.Passed, $"{Path.GetFileName(r.File)}:\n{r.Diff}"));
    }

    [Fact]
    public async Task Replay_AlteredRecording_FailsWithAReadableDiff()
    {
        using var temp = new TempConfig(File.ReadAllText(Path.Combine(RepositoryPaths.Exchanges, "foundation", "aigw.yaml")));
        var copy = Path.Combine(temp.Directory, "unknown-path-404.jsonl");
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Exchanges, "foundation", "unknown-path-404.jsonl"));
        var response = JsonNode.Parse(lines[2])!;
        response["response"]!["immediateResponse"]!["status"]!["code"] = "Forbidden";
        lines[2] = response.ToJsonString();
        File.WriteAllLines(copy, lines);

        var result = await ReplayOneAsync(temp.Directory, copy);

        Assert.False(result.Passed);
        Assert.Contains("-       \"code\": \"Forbidden\"", result.Diff, StringComparison.Ordinal);
        Assert.Contains("+       \"code\": \"NotFound\"", result.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_Update_RewritesTheExpectedResponses()
    {
        using var temp = new TempConfig(File.ReadAllText(Path.Combine(RepositoryPaths.Exchanges, "foundation", "aigw.yaml")));
        var copy = Path.Combine(temp.Directory, "unknown-path-404.jsonl");
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Exchanges, "foundation", "unknown-path-404.jsonl"));
        File.WriteAllLines(copy, lines.Take(2));

        var updated = await ExchangeReplayer.ReplayAsync(temp.Directory, update: true, CancellationToken.None).WaitAsync(TestProcessor.Timeout);
        var replayed = await ReplayOneAsync(temp.Directory, copy);

        Assert.True(Assert.Single(updated).Updated);
        Assert.True(replayed.Passed, replayed.Diff);
        Assert.Equal(3, File.ReadAllLines(copy).Length);
    }

    private static async Task<ReplayResult> ReplayOneAsync(string root, string file)
    {
        await using var services = ExchangeReplayer.BuildServices(Path.Combine(root, ExchangeReplayer.ConfigFileName));
        return await ExchangeReplayer.ReplayFileAsync(services, file, update: false, CancellationToken.None).WaitAsync(TestProcessor.Timeout);
    }
}
