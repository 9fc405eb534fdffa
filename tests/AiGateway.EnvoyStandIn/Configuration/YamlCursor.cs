using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>One YAML node and its path; every read is strict and every failure names the path.</summary>
internal sealed class YamlCursor(YamlNode node, string path)
{
    private static readonly JsonParser StrictJson = new(JsonParser.Settings.Default);

    public string Path { get; } = path;

    public YamlMap Map() => node is YamlMappingNode mapping ? new YamlMap(mapping, Path) : throw Error("expected a mapping");

    public IReadOnlyList<YamlCursor> Sequence()
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw Error("expected a sequence");
        }

        return sequence.Children.Select((child, i) => new YamlCursor(child, $"{Path}[{i}]")).ToList();
    }

    public string String() => node is YamlScalarNode { Value: { } value } ? value : throw Error("expected a scalar");

    public int Int() => int.TryParse(String(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Error("expected an integer");

    public long Long() => long.TryParse(String(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Error("expected an integer");

    public bool Bool() => String() switch
    {
        "true" => true,
        "false" => false,
        _ => throw Error("expected true or false"),
    };

    /// <summary>Protobuf JSON duration ("10s", "0.25s"), as Envoy reads it.</summary>
    public TimeSpan Duration() => Parse<Google.Protobuf.WellKnownTypes.Duration>().ToTimeSpan();

    /// <summary>YAML → JSON → Google.Protobuf's strict JsonParser: unknown fields are errors, as in Envoy.</summary>
    public T Parse<T>()
        where T : IMessage<T>, new()
    {
        try
        {
            return StrictJson.Parse<T>(ToJson()?.ToJsonString() ?? "null");
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw Error($"not a valid {new T().Descriptor.FullName}: {ex.Message}", ex);
        }
        catch (InvalidJsonException ex)
        {
            throw Error($"not a valid {new T().Descriptor.FullName}: {ex.Message}", ex);
        }
    }

    /// <summary>A typed_config: checks "@type" against the message and parses the rest strictly.</summary>
    public T ParseTyped<T>()
        where T : IMessage<T>, new()
    {
        var expected = "type.googleapis.com/" + new T().Descriptor.FullName;
        if (ToJson() is not JsonObject json || json["@type"]?.GetValue<string>() != expected)
        {
            throw Error($"expected a typed_config with \"@type\": {expected}");
        }

        json.Remove("@type");
        try
        {
            return StrictJson.Parse<T>(json.ToJsonString());
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw Error($"not a valid {new T().Descriptor.FullName}: {ex.Message}", ex);
        }
    }

    public JsonNode? ToJson() => ToJson(node);

    public EnvoyConfigException Error(string message, Exception? inner = null) => new(Path, message, inner);

    private static JsonNode? ToJson(YamlNode yaml) => yaml switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(
            c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => ScalarToJson(scalar),
        _ => null,
    };

    // YAML 1.2 core schema for plain scalars; quoted scalars are always strings.
    private static JsonValue? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (text is "null" or "~" or "")
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
