using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace AiGateway.Processor.Configuration;

/// <summary>Durations as Envoy writes them: <c>500ms</c>, <c>2s</c>, <c>5m</c>, <c>1h</c>.</summary>
internal sealed class DurationYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(TimeSpan) || type == typeof(TimeSpan?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (TryParse(scalar.Value, out var value))
        {
            return value;
        }

        throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a duration: write a number with a unit, e.g. 500ms, 30s, 5m or 1h.");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        throw new NotSupportedException("Configuration is only read.");

    internal static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var (digits, unit) = Split(text.Trim());
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            return false;
        }

        double? ms = unit switch
        {
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            "h" => number * 3_600_000,
            _ => null,
        };
        if (ms is null)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(ms.Value);
        return true;
    }

    private static (string Digits, string Unit) Split(string text)
    {
        var i = text.Length;
        while (i > 0 && char.IsLetter(text[i - 1]))
        {
            i--;
        }

        return (text[..i], text[i..]);
    }
}
