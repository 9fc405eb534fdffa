using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Benchmarks.Micro;

/// <summary>
/// <c>--smoke</c> for the micro benchmarks: runs every benchmark method of every parameter combination a few times
/// in-process, through its setup and cleanup, without BenchmarkDotNet's measurement. Proves the benchmarks still
/// work (inputs load, translations succeed) in seconds; it never looks at a time.
/// </summary>
internal static class MicroSmokeRunner
{
    public static IReadOnlyList<string> Run(Assembly assembly, TextWriter log)
    {
        var failures = new List<string>();
        foreach (var type in assembly.GetTypes().Where(IsBenchmarkClass).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var parameters in Combinations(type))
            {
                var name = type.Name + (parameters.Count == 0 ? "" : "(" + string.Join(", ", parameters.Select(p => $"{p.Key.Name}={p.Value}")) + ")");
                try
                {
                    RunOne(type, parameters);
                    log.WriteLine($"  ok   {name}");
                }
                catch (Exception e) when (e is TargetInvocationException or InvalidOperationException or IOException)
                {
                    var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                    failures.Add($"{name}: {cause.GetType().Name}: {cause.Message}");
                    log.WriteLine($"  FAIL {name}: {cause.Message}");
                }
            }
        }

        return failures;
    }

    private static bool IsBenchmarkClass(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsPublic: true } && type.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null);

    private static void RunOne(Type type, IReadOnlyList<KeyValuePair<PropertyInfo, object?>> parameters)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var (property, value) in parameters)
        {
            property.SetValue(instance, value);
        }

        Invoke<GlobalSetupAttribute>(instance);
        try
        {
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                for (var i = 0; i < 3; i++)
                {
                    if (method.Invoke(instance, null) is Task task)
                    {
                        task.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
                    }
                }
            }
        }
        finally
        {
            Invoke<GlobalCleanupAttribute>(instance);
        }
    }

    private static void Invoke<TAttribute>(object instance)
        where TAttribute : Attribute
    {
        foreach (var method in instance.GetType().GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is not null))
        {
            method.Invoke(instance, null);
        }
    }

    /// <summary>The cartesian product of [Params] and [ParamsSource] values, as BenchmarkDotNet would run them.</summary>
    private static List<List<KeyValuePair<PropertyInfo, object?>>> Combinations(Type type)
    {
        var result = new List<List<KeyValuePair<PropertyInfo, object?>>> { new() };
        foreach (var property in type.GetProperties())
        {
            object?[]? values = property.GetCustomAttribute<ParamsAttribute>()?.Values;
            if (property.GetCustomAttribute<ParamsSourceAttribute>() is { } source)
            {
                var member = type.GetProperty(source.Name, BindingFlags.Public | BindingFlags.Static)!;
                values = [.. ((System.Collections.IEnumerable)member.GetValue(null)!).Cast<object?>()];
            }

            if (values is null)
            {
                continue;
            }

            result = [.. result.SelectMany(prefix => values.Select(value => new List<KeyValuePair<PropertyInfo, object?>>(prefix) { new(property, value) }))];
        }

        return result;
    }
}
