using System.Runtime.CompilerServices;

namespace AiGateway.Processor.Tests.Infrastructure;

/// <summary>
/// Many processors, Redis clients and SDK-like drivers run side by side in this assembly on a 2-core machine. The
/// thread pool starts with one worker per core and injects more only about once a second, so a burst of tests that
/// briefly block (SQLite, process starts, file I/O) can starve the I/O completions of others for seconds, and a
/// Redis or gRPC call then times out for no reason of its own. Starting with a larger pool removes that wait.
/// </summary>
internal static class TestThreadPool
{
    [ModuleInitializer]
    internal static void Widen()
    {
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completions, 64));
    }
}
