using System.Globalization;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// <c>allocations</c>: the bytes one request translation (typical and large, every pair) and one non-streaming response
/// translation allocate, exactly (<see cref="GC.GetAllocatedBytesForCurrentThread"/> around 2,000 calls after as many
/// warm-up calls), in seconds rather than BenchmarkDotNet's minutes: for comparing before and after a change.
/// Objects are counted by <see cref="ObjectsCommand"/> (<c>objects</c>), which needs a child process.
/// </summary>
internal static class AllocationsCommand
{
    private const int Calls = 2000;

    public static int Run()
    {
        Console.WriteLine($"{"operation",-26} {"pair",-28} {"bytes",10}");
        foreach (var pair in TranslationPair.All)
        {
            foreach (var size in new[] { RequestSize.Typical, RequestSize.Large })
            {
                var request = new RequestTranslationBenchmarks { Pair = pair, Size = size };
                request.Setup();
                Print($"request {size}", pair, BytesPerCall(() => request.ParseAndTranslate()));
                request.Cleanup();
            }

            var response = new ResponseTranslationBenchmarks { Pair = pair };
            response.Setup();
            Print("response (non-streaming)", pair, BytesPerCall(() => response.TranslateBody()));
            response.Cleanup();
        }

        return 0;
    }

    private static double BytesPerCall(Func<bool> operation)
    {
        for (var i = 0; i < Calls; i++)
        {
            operation();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            operation();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
    }

    private static void Print(string operation, TranslationPair pair, double bytes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{operation,-26} {pair,-28} {bytes,10:0}"));
}
