using System.Diagnostics.Tracing;
using System.Globalization;

namespace AiGateway.Benchmarks.Load;

/// <summary>
/// <c>pipeline-allocations [scenario…]</c>: what one whole recorded request through the pipeline in memory
/// (<see cref="ExchangePipelineBenchmarks"/>) allocates, in bytes per request (exact, every thread) and by type. The
/// split by type comes from the runtime's <c>GCAllocationTick</c> events: one per ≈ 100 KB allocated, naming the type
/// of the object that crossed the mark, so a type's share of the ticks estimates its share of the bytes (sizes
/// weight the sampling; objects are not counted). Load-independent: for before/after comparisons of one change.
/// </summary>
internal static class PipelineAllocationsCommand
{
    private const int WarmUpRequests = 3_000;
    private const int MeasuredRequests = 30_000;
    private const int TypesShown = 25;

    public static async Task<int> RunAsync(IReadOnlyList<string> scenarios)
    {
        foreach (var scenario in scenarios.Count > 0 ? scenarios : ["openai-openai", "openai-bedrock-converse", "openai-bedrock-converse-stream"])
        {
            var benchmark = new ExchangePipelineBenchmarks { Scenario = scenario };
            benchmark.Setup();
            try
            {
                for (var i = 0; i < WarmUpRequests; i++)
                {
                    await benchmark.OneRequest().ConfigureAwait(false);
                }

                using var ticks = new AllocationTickListener();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < MeasuredRequests; i++)
                {
                    await benchmark.OneRequest().ConfigureAwait(false);
                }

                var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)MeasuredRequests;
                Print(scenario, perRequest, ticks.Snapshot());
            }
            finally
            {
                benchmark.Cleanup();
            }
        }

        return 0;
    }

    private static void Print(string scenario, double bytesPerRequest, Dictionary<string, long> ticksByType)
    {
        var total = ticksByType.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario}: {bytesPerRequest:0} bytes per request ({total} allocation ticks)"));
        foreach (var (type, count) in ticksByType.OrderByDescending(entry => entry.Value).Take(TypesShown))
        {
            var share = count / (double)Math.Max(total, 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {share,6:P1} ≈ {share * bytesPerRequest,7:0} B  {type}"));
        }

        Console.WriteLine();
    }

    /// <summary>Counts <c>GCAllocationTick</c> events (runtime provider, GC keyword, verbose) by type name.</summary>
    private sealed class AllocationTickListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly Dictionary<string, long> _ticks = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public Dictionary<string, long> Snapshot()
        {
            lock (_lock)
            {
                return new Dictionary<string, long>(_ticks, StringComparer.Ordinal);
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true)
            {
                return;
            }

            var index = eventData.PayloadNames?.IndexOf("TypeName") ?? -1;
            var type = index >= 0 ? eventData.Payload?[index] as string ?? "?" : "?";
            lock (_lock)
            {
                _ticks[type] = _ticks.GetValueOrDefault(type) + 1;
            }
        }
    }
}
