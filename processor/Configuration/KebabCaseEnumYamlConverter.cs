using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace AiGateway.Processor.Configuration;

/// <summary>Enum values as operators write them: <c>AzureOpenAi</c> is <c>azure-openai</c>. Unknown values list the valid ones.</summary>
internal sealed class KebabCaseEnumYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => (Nullable.GetUnderlyingType(type) ?? type).IsEnum;

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        var scalar = parser.Consume<Scalar>();
        foreach (var name in Enum.GetNames(enumType))
        {
            if (string.Equals(ToKebabCase(name), scalar.Value, StringComparison.Ordinal))
            {
                return Enum.Parse(enumType, name);
            }
        }

        var valid = string.Join(", ", Enum.GetNames(enumType).Select(ToKebabCase));
        throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not one of: {valid}.");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        throw new NotSupportedException("Configuration is only read.");

    internal static string ToKebabCase(string name)
    {
        // "OpenAi" is one word to operators: "openai", not "open-ai".
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !name.AsSpan(i).StartsWith("Ai", StringComparison.Ordinal))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
