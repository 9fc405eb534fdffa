using System.Diagnostics;
using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// <c>objects [--top N]</c>: the objects (count per operation, with the most frequent types) that one request
/// translation (typical and large, every pair) and one non-streaming response translation allocate.
/// The runtime reports every allocation (<c>GCSampledObjectAllocation</c> events) only when the
/// <c>GCSampledObjectAllocationHigh</c> keyword is on from process start and the per-type rate limit is lifted
/// (<c>DOTNET_ETW_ObjectAllocationEventsPerTypePerSec</c>), so this command runs the operations in a child
/// process started with EventPipe writing a trace file, then sums <c>ObjectCountForTypeSample</c> per type between the
/// child's loop markers (<see cref="ObjectsMarkers"/>). The count is exact: every event carries the allocations of its
/// type since the previous event, and the sum over the loop is checked against the bytes the same loop allocated.
/// </summary>
internal static class ObjectsCommand
{
    private const string ChildArgument = "--child";
    private const int WarmUpCalls = 500;
    private const int Calls = 200;
    private const int SettleMilliseconds = 1200;

    public static int Run(string[] args) =>
        args.Contains(ChildArgument) ? RunChild() : RunParent(TopOption(args));

    private static int RunParent(int top)
    {
        var trace = Path.Combine(Path.GetTempPath(), $"aigw-objects-{Environment.ProcessId}.nettrace");
        try
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true };
            start.ArgumentList.Add(typeof(ObjectsCommand).Assembly.Location);
            start.ArgumentList.Add("objects");
            start.ArgumentList.Add(ChildArgument);
            start.Environment["DOTNET_EnableEventPipe"] = "1";
            start.Environment["DOTNET_EventPipeOutputPath"] = trace;
            start.Environment["DOTNET_EventPipeOutputStreaming"] = "1";
            // 0x200000 = GCSampledObjectAllocationHigh, 0x80000 = Type (a BulkType event names each type before its first allocation event).
            start.Environment["DOTNET_EventPipeConfig"] = $"Microsoft-Windows-DotNETRuntime:0x280000:5,{ObjectsMarkers.ProviderName}:0:5";
            start.Environment["DOTNET_ETW_ObjectAllocationEventsPerTypePerSec"] = "1000";
            var childLines = new List<string>();
            using (var child = Process.Start(start)!)
            {
                while (child.StandardOutput.ReadLine() is { } line)
                {
                    childLines.Add(line);
                }

                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    Console.Error.WriteLine($"objects: the measuring child exited with {child.ExitCode}.");
                    return 1;
                }
            }

            var typeNames = childLines
                .Where(line => line.StartsWith("type\t", StringComparison.Ordinal))
                .Select(line => line.Split('\t'))
                .ToDictionary(fields => ulong.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), fields => fields[2]);
            var exactBytes = childLines
                .Where(line => line.StartsWith("bytes\t", StringComparison.Ordinal))
                .Select(line => line.Split('\t'))
                .ToDictionary(fields => fields[1] + "\t" + fields[2], fields => long.Parse(fields[3], CultureInfo.InvariantCulture));
            Print(Count(trace, typeNames), exactBytes, top);
            return 0;
        }
        finally
        {
            File.Delete(trace);
        }
    }

    private static int RunChild()
    {
        PrintTypeIds();
        foreach (var (name, operation, cleanup) in Operations())
        {
            for (var i = 0; i < WarmUpCalls; i++)
            {
                operation();
            }

            // The runtime samples each type at most once per millisecond (the rate set above) and adapts how many
            // allocations it skips per event to the type's recent rate; at one operation per millisecond it skips at
            // most about one operation's worth, so the counts left pending at the loop's ends are < 1 % of the loop.
            // Settle at that pace first, so the warm-up's larger skips do not leak into the loop.
            var settle = Stopwatch.StartNew();
            while (settle.ElapsedMilliseconds < SettleMilliseconds)
            {
                operation();
                Thread.Sleep(1);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            ObjectsMarkers.Log.LoopStart(name);
            for (var i = 0; i < Calls; i++)
            {
                operation();
                Thread.Sleep(1);
            }

            ObjectsMarkers.Log.LoopStop(name);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes\t{name}\t{bytes}"));
            cleanup();
        }

        return 0;
    }

    private static IEnumerable<(string Name, Func<bool> Operation, Action Cleanup)> Operations()
    {
        foreach (var pair in TranslationPair.All)
        {
            foreach (var size in new[] { RequestSize.Typical, RequestSize.Large })
            {
                var request = new RequestTranslationBenchmarks { Pair = pair, Size = size };
                request.Setup();
                yield return ($"request {size}\t{pair}", request.ParseAndTranslate, request.Cleanup);
            }

            var response = new ResponseTranslationBenchmarks { Pair = pair };
            response.Setup();
            yield return ($"response (non-streaming)\t{pair}", response.TranslateBody, response.Cleanup);
        }
    }

    /// <summary>
    /// The allocation events name a type by its method table address; the runtime's BulkType events here carry no
    /// names, so the child prints the address of the types the request path can allocate (the processor's own types,
    /// their arrays and lists, and the runtime types it uses).
    /// </summary>
    private static void PrintTypeIds()
    {
        Type[] runtimeTypes =
        [
            typeof(string), typeof(byte[]), typeof(char[]), typeof(object[]), typeof(int[]),
            typeof(System.Text.Json.JsonDocument), typeof(System.Text.Json.JsonElement[]),
            typeof(System.Text.Json.Nodes.JsonObject), typeof(System.Text.Json.Nodes.JsonArray),
            typeof(System.Text.Json.Nodes.JsonNode[]), typeof(System.Text.Json.Utf8JsonWriter),
            typeof(List<string>), typeof(string[]), typeof(Dictionary<string, string>),
            typeof(ReadOnlyMemory<byte>[]), typeof(System.Text.StringBuilder),
        ];
        var processorTypes = typeof(AiGateway.Processor.Translation.ChatRequest).Assembly.GetTypes()
            .Where(type => !type.IsGenericTypeDefinition && !type.IsByRefLike && !type.IsAbstract || type.IsClass && !type.IsGenericTypeDefinition)
            .Where(type => !type.IsGenericTypeDefinition)
            .SelectMany(type => type.IsByRefLike || type.IsStatic() ? [type] : new[] { type, type.MakeArrayType(), typeof(List<>).MakeGenericType(type) });
        foreach (var type in runtimeTypes.Concat(processorTypes).Distinct())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"type\t{type.TypeHandle.Value:x}\t{Name(type)}"));
        }
    }

    private static bool IsStatic(this Type type) => type.IsAbstract && type.IsSealed;

    private static string Name(Type type) =>
        type.IsArray ? Name(type.GetElementType()!) + "[]"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GetGenericArguments().Select(Name))}>"
        : type.DeclaringType is { } outer ? $"{Name(outer)}.{type.Name}"
        : type.Name;

    private static List<OperationObjects> Count(string trace, Dictionary<ulong, string> typeNames)
    {
        var results = new List<OperationObjects>();
        OperationObjects? current = null;
        var currentThread = -1;

        using var source = new EventPipeEventSource(trace);
        source.Clr.TypeBulkType += data =>
        {
            for (var i = 0; i < data.Count; i++)
            {
                var type = data.Values(i);
                if (!string.IsNullOrEmpty(type.TypeName))
                {
                    typeNames.TryAdd(type.TypeID, type.TypeName);
                }
            }
        };
        source.Clr.GCSampledObjectAllocation += data =>
        {
            if (current is not null && data.ThreadID == currentThread)
            {
                current.Add((ulong)data.TypeID, data.ObjectCountForTypeSample, data.TotalSizeForTypeSample);
            }
        };
        source.Dynamic.All += data =>
        {
            if (data.ProviderName != ObjectsMarkers.ProviderName)
            {
                return;
            }

            if ((int)data.ID == ObjectsMarkers.LoopStartId)
            {
                current = new OperationObjects((string)data.PayloadByName("operation"));
                currentThread = data.ThreadID;
            }
            else if ((int)data.ID == ObjectsMarkers.LoopStopId && current is not null)
            {
                results.Add(current);
                current = null;
            }
        };
        source.Process();

        foreach (var result in results)
        {
            result.Name(typeNames);
        }

        return results;
    }

    private static void Print(List<OperationObjects> results, Dictionary<string, long> exactBytes, int top)
    {
        Console.WriteLine($"{"operation",-26} {"pair",-28} {"objects",8} {"bytes",8} {"exact",8}  top types (objects per operation)");
        foreach (var result in results)
        {
            var parts = result.Operation.Split('\t');
            var types = string.Join(", ", result.ByType
                .OrderByDescending(type => type.Value.Objects)
                .Take(top)
                .Select(type => string.Create(CultureInfo.InvariantCulture, $"{type.Key} {type.Value.Objects / (double)Calls:0.#}")));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{parts[0],-26} {parts[1],-28} {result.Objects / (double)Calls,8:0.#} {result.Bytes / (double)Calls,8:0} {exactBytes.GetValueOrDefault(result.Operation) / (double)Calls,8:0}  {types}"));
        }
    }

    private static int TopOption(string[] args)
    {
        var index = Array.IndexOf(args, "--top");
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 8;
    }

    private sealed class OperationObjects(string operation)
    {
        private readonly Dictionary<ulong, (long Objects, long Bytes)> _byTypeId = [];

        public string Operation { get; } = operation;

        public long Objects { get; private set; }

        public long Bytes { get; private set; }

        public Dictionary<string, (long Objects, long Bytes)> ByType { get; } = [];

        public void Add(ulong typeId, long objects, long bytes)
        {
            _byTypeId[typeId] = _byTypeId.TryGetValue(typeId, out var sum) ? (sum.Objects + objects, sum.Bytes + bytes) : (objects, bytes);
            Objects += objects;
            Bytes += bytes;
        }

        public void Name(Dictionary<ulong, string> typeNames)
        {
            foreach (var (id, sum) in _byTypeId)
            {
                var name = typeNames.TryGetValue(id, out var known) ? known : $"type {id:x}";
                ByType[name] = ByType.TryGetValue(name, out var other) ? (other.Objects + sum.Objects, other.Bytes + sum.Bytes) : sum;
            }
        }
    }
}
