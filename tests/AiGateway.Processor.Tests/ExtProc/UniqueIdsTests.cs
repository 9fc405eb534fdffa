using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Tests.ExtProc;

public sealed class UniqueIdsTests
{
    [Fact]
    public void New_ManyIdsFromManyThreads_AllDistinct32LowerHex()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                ids.Add(UniqueIds.New());
            }
        });

        Assert.Equal(40_000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    [Fact]
    public void ResponseContext_ProviderId_IsKept()
    {
        var context = ResponseContext.Create("m", "provider-req-1", TimeProvider.System);

        Assert.Equal("provider-req-1", context.ResponseId);
    }

    [Fact]
    public void ResponseContext_NoProviderId_MadeOnceAndStable()
    {
        var first = ResponseContext.Create("m", null, TimeProvider.System);
        var second = ResponseContext.Create("m", null, TimeProvider.System);

        Assert.Matches("^[0-9a-f]{32}$", first.ResponseId);
        Assert.Equal(first.ResponseId, first.ResponseId);
        Assert.NotEqual(first.ResponseId, second.ResponseId);
    }
}
