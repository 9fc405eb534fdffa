using AiGateway.Processor.Budgets;

namespace AiGateway.Processor.Tests.Budgets;

public sealed class TokenCountCacheTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(1000, 1024)]
    [InlineData(65_536, 65_536)]
    public void Capacity_ConfiguredSize_RoundsUpToAPowerOfTwo(int entries, int capacity)
    {
        Assert.Equal(capacity, new TokenCountCache(entries).Capacity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world")]
    [InlineData("Grüße aus Köln — 東京から, and some code: `var x = y?.z ?? 0;`")]
    public void Count_AnyText_EqualsTheTokenizerBothTimes(string text)
    {
        var cache = new TokenCountCache(16);

        var first = cache.Count(text);
        var second = cache.Count(text);

        Assert.Equal(InputTokenEstimator.Count(text), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Count_OneSlotSharedByManyTexts_StaysExact()
    {
        // Every text lands in the one slot, evicting the previous: answers must never be another text's count.
        var cache = new TokenCountCache(1);
        var texts = Enumerable.Range(0, 50).Select(i => string.Concat(Enumerable.Repeat($"word{i} ", i + 1))).ToArray();

        for (var round = 0; round < 3; round++)
        {
            foreach (var text in texts)
            {
                Assert.Equal(InputTokenEstimator.Count(text), cache.Count(text));
            }
        }
    }

    [Fact]
    public async Task Count_ConcurrentReadersAndWriters_AlwaysExact()
    {
        var cache = new TokenCountCache(8);
        var texts = Enumerable.Range(0, 64).Select(i => $"part {i}: " + new string((char)('a' + (i % 26)), i * 3)).ToArray();
        var expected = texts.Select(t => InputTokenEstimator.Count(t)).ToArray();

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var k = (i * 7 + w) % texts.Length;
                Assert.Equal(expected[k], cache.Count(texts[k]));
            }
        }));

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("""{"t":"hello world"}""", "hello world")]
    [InlineData("""{"t":"caf\u00e9 \"quoted\"\nline"}""", "café \"quoted\"\nline")]
    public void Count_TextPartReadFromABody_CountsTheDecodedTextWithoutMakingItOnAHit(string json, string text)
    {
        var cache = new TokenCountCache(16);
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        using var document = System.Text.Json.JsonDocument.Parse(body);
        var first = AiGateway.Processor.Translation.TextPart.FromJson(document.RootElement.GetProperty("t"), body);
        var resent = AiGateway.Processor.Translation.TextPart.FromJson(document.RootElement.GetProperty("t"), body);

        Assert.Equal(InputTokenEstimator.Count(text), cache.Count(first));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = cache.Count(resent);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(InputTokenEstimator.Count(text), again);
        Assert.Equal(0, allocated);
    }
}
