using System.Reflection;
using Envoy.Config.Bootstrap.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// Every message type compiled from the Envoy API protos (protos/AiGateway.Protos and protos/EnvoyConfig) plus
/// Google's well-known types, so a <c>typed_config</c> resolves exactly when our Envoy API knows its <c>@type</c>.
/// </summary>
internal static class EnvoyTypeRegistry
{
    public const string TypeUrlPrefix = "type.googleapis.com/";

    public static TypeRegistry Instance { get; } = Build();

    private static TypeRegistry Build()
    {
        var files = new List<FileDescriptor>
        {
            AnyReflection.Descriptor, DurationReflection.Descriptor, StructReflection.Descriptor, TimestampReflection.Descriptor,
            WrappersReflection.Descriptor, EmptyReflection.Descriptor, FieldMaskReflection.Descriptor,
        };
        foreach (var assembly in new[] { typeof(Bootstrap).Assembly, typeof(ExternalProcessor).Assembly })
        {
            files.AddRange(GeneratedFiles(assembly));
        }

        return TypeRegistry.FromFiles(files);
    }

    /// <summary>protoc's C# emits one static <c>*Reflection</c> class per file with a <c>Descriptor</c> property.</summary>
    private static IEnumerable<FileDescriptor> GeneratedFiles(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(property => property?.PropertyType == typeof(FileDescriptor))
            .Select(property => (FileDescriptor)property!.GetValue(null)!);
}
