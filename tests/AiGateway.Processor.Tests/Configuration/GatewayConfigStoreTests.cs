using AiGateway.Processor.Configuration;
using AiGateway.Processor.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace AiGateway.Processor.Tests.Configuration;

public sealed class GatewayConfigStoreTests
{
    private const string WithExtraModel = TempConfig.Minimal + "\n  gpt-4o:\n    backends: [openai-gpt-4o-mini]\n";

    [Fact]
    public void Reload_GoodChange_SwapsTheWholeSnapshot()
    {
        using var config = new TempConfig();
        using var store = NewStore(config, out _);
        var before = store.Current;

        config.Write(WithExtraModel);

        Assert.True(store.Reload());
        Assert.NotSame(before, store.Current);
        Assert.True(store.Current.ModelNames.ContainsKey("gpt-4o"));
        Assert.False(before.ModelNames.ContainsKey("gpt-4o"));
        Assert.Null(store.Status.LastError);
    }

    [Fact]
    public void Reload_BadChange_KeepsTheOldSnapshotAndSaysWhy()
    {
        using var config = new TempConfig();
        using var store = NewStore(config, out var logs);
        var before = store.Current;

        config.Write(TempConfig.Minimal + "\n  broken:\n    backends: [missing-backend]\n");

        Assert.False(store.Reload());
        Assert.Same(before, store.Current);
        Assert.Contains("backend 'missing-backend' is not defined", store.Status.LastError, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.EventName == "ConfigReloadRejected" && e.Level == LogLevel.Error);

        config.Write(WithExtraModel);
        Assert.True(store.Reload());
        Assert.Null(store.Status.LastError);
    }

    [Fact]
    public void Reload_UnchangedFile_DoesNothing()
    {
        using var config = new TempConfig();
        using var store = NewStore(config, out _);

        Assert.False(store.Reload());
    }

    [Fact]
    public async Task StartWatching_FileChanges_ReloadsWithoutBeingAsked()
    {
        using var config = new TempConfig(TempConfig.Minimal + "\nserver:\n  reload_interval: 100ms\n");
        using var store = NewStore(config, out _);
        var changed = new TaskCompletionSource<GatewaySnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += snapshot => changed.TrySetResult(snapshot);
        store.StartWatching();

        config.Write(WithExtraModel + "\nserver:\n  reload_interval: 100ms\n");

        var snapshot = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(snapshot.ModelNames.ContainsKey("gpt-4o"));
    }

    private static GatewayConfigStore NewStore(TempConfig config, out TestLogSink logs)
    {
        var sink = new TestLogSink();
        logs = sink;
        var factory = LoggerFactory.Create(builder => builder.AddProvider(sink));
        return new GatewayConfigStore(config.Path, TimeProvider.System, factory.CreateLogger<GatewayConfigStore>());
    }
}
