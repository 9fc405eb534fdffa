using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using YamlDotNet.RepresentationModel;

namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// Walks Envoy YAML against the protobuf descriptors the way Envoy's strict JSON parse would judge it, but keeps
/// going after a problem and names each one by field path and line (Google.Protobuf's parser stops at the first and
/// names no path). Checks: unknown fields, value kinds per field type (see <see cref="EnvoyYamlScalar"/>), integer
/// ranges, enum names, durations, two members of one oneof, and <c>@type</c>s the registry cannot resolve.
/// </summary>
internal sealed partial class EnvoySchemaWalker(TypeRegistry registry, IReadOnlyDictionary<string, string> allowedUnresolvedTypes)
{
    private const int MaxDepth = 64;

    private readonly List<EnvoyConfigProblem> _problems = [];
    private readonly HashSet<YamlNode> _standIns = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public IReadOnlyList<EnvoyConfigProblem> Problems => _problems;

    /// <summary>Allow-listed Any values that could not be resolved, to be stood in for before the protobuf parse.</summary>
    public IReadOnlySet<YamlNode> StandIns => _standIns;

    /// <summary>The YAML line of every field path visited, so later checks on the parsed message can name lines too.</summary>
    public IReadOnlyDictionary<string, int> Lines => _lines;

    public void CheckMessage(YamlNode node, MessageDescriptor type, string path) => CheckMessage(node, type, path, 0);

    private void CheckMessage(YamlNode node, MessageDescriptor type, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            Report(path, node, "nested too deeply (a YAML alias that contains itself?)");
            return;
        }

        if (IsNull(node))
        {
            return;
        }

        switch (type.FullName)
        {
            case "google.protobuf.Any":
                CheckAny(node, path, depth);
                return;
            case "google.protobuf.Duration":
                CheckDuration(node, path);
                return;
            case "google.protobuf.Timestamp":
                CheckTimestamp(node, path);
                return;
            case "google.protobuf.FieldMask":
                CheckScalar(node, FieldType.String, null, path);
                return;
            case "google.protobuf.Struct":
                ExpectMapping(node, path, type);
                return;
            case "google.protobuf.ListValue":
                if (node is not YamlSequenceNode)
                {
                    Report(path, node, $"expected a list ({type.FullName})");
                }

                return;
            case "google.protobuf.Value":
                return;
            case "google.protobuf.DoubleValue" or "google.protobuf.FloatValue" or "google.protobuf.Int64Value"
                or "google.protobuf.UInt64Value" or "google.protobuf.Int32Value" or "google.protobuf.UInt32Value"
                or "google.protobuf.BoolValue" or "google.protobuf.StringValue" or "google.protobuf.BytesValue":
                // Wrappers are written as the bare wrapped value in JSON.
                CheckScalar(node, type.FindFieldByName("value").FieldType, null, path);
                return;
        }

        if (ExpectMapping(node, path, type) is { } mapping)
        {
            CheckFields(mapping, type, path, depth, skipKey: null);
        }
    }

    private void CheckFields(YamlMappingNode mapping, MessageDescriptor type, string path, int depth, string? skipKey)
    {
        var setOneofs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (key == skipKey)
            {
                continue;
            }

            var fieldPath = Join(path, key);
            var field = FindField(type, key);
            if (field is null)
            {
                Report(fieldPath, keyNode, $"unknown field '{key}' in {type.FullName}{Suggestion(type, key)}");
                continue;
            }

            if (field.RealContainingOneof is { } oneof && !IsNull(value))
            {
                if (setOneofs.TryGetValue(oneof.Name, out var other))
                {
                    Report(fieldPath, keyNode, $"'{key}' and '{other}' are both set, but only one member of oneof '{oneof.Name}' may be");
                }
                else
                {
                    setOneofs[oneof.Name] = key;
                }
            }

            CheckField(value, field, fieldPath, depth + 1);
        }
    }

    private void CheckField(YamlNode node, FieldDescriptor field, string path, int depth)
    {
        _lines[path] = (int)node.Start.Line;
        if (IsNull(node))
        {
            return;
        }

        if (field.IsMap)
        {
            if (ExpectMapping(node, path, field.MessageType) is { } map)
            {
                var keyType = field.MessageType.FindFieldByNumber(1).FieldType;
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var (key, value) in map.Children)
                {
                    var keyText = ((YamlScalarNode)key).Value ?? "";
                    if (keyType is not FieldType.String && !long.TryParse(keyText, CultureInfo.InvariantCulture, out _) && keyType is not FieldType.Bool)
                    {
                        Report(path, key, $"map key '{keyText}' is not a {keyType}");
                    }

                    _lines[$"{path}[{keyText}]"] = (int)value.Start.Line;
                    CheckValue(value, valueField, $"{path}[{keyText}]", depth);
                }
            }

            return;
        }

        if (field.IsRepeated)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Report(path, node, $"expected a list for repeated field '{field.Name}'");
                return;
            }

            for (var i = 0; i < sequence.Children.Count; i++)
            {
                _lines[$"{path}[{i}]"] = (int)sequence.Children[i].Start.Line;
                CheckValue(sequence.Children[i], field, $"{path}[{i}]", depth);
            }

            return;
        }

        CheckValue(node, field, path, depth);
    }

    private void CheckValue(YamlNode node, FieldDescriptor field, string path, int depth)
    {
        switch (field.FieldType)
        {
            case FieldType.Message or FieldType.Group:
                CheckMessage(node, field.MessageType, path, depth);
                break;
            default:
                CheckScalar(node, field.FieldType, field.FieldType == FieldType.Enum ? field.EnumType : null, path);
                break;
        }
    }

    private void CheckAny(YamlNode node, string path, int depth)
    {
        if (ExpectMapping(node, path, null) is not { } mapping)
        {
            return;
        }

        var typePath = Join(path, "@type");
        if (!mapping.Children.TryGetValue(new YamlScalarNode("@type"), out var typeNode) || typeNode is not YamlScalarNode { Value: { Length: > 0 } typeUrl })
        {
            Report(typePath, node, "missing \"@type\": a typed_config names its type, e.g. type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");
            return;
        }

        var typeName = typeUrl[(typeUrl.LastIndexOf('/') + 1)..];
        if (registry.Find(typeName) is not { } type)
        {
            if (allowedUnresolvedTypes.ContainsKey(typeName))
            {
                _standIns.Add(node);
                return;
            }

            Report(typePath, typeNode, $"unresolvable type '{typeUrl}': no such message in the Envoy API protos this check uses (protos/EnvoyConfig, ≈ Envoy 1.31 API)");
            return;
        }

        if (type.File.Package == "google.protobuf" && type.Name is not ("Empty"))
        {
            // Well-known types with a special JSON form sit under "value" inside an Any.
            if (mapping.Children.TryGetValue(new YamlScalarNode("value"), out var wrapped))
            {
                CheckMessage(wrapped, type, Join(path, "value"), depth + 1);
            }

            return;
        }

        CheckFields(mapping, type, path, depth, skipKey: "@type");
    }

    private void CheckDuration(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar || EnvoyYamlScalar.Classify(scalar).Kind != EnvoyYamlScalarKind.String || !DurationPattern().IsMatch(scalar.Value ?? ""))
        {
            Report(path, node, "expected a duration such as 10s, 0.5s or 0s (seconds with an 's' suffix)");
        }
    }

    private void CheckTimestamp(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar || !DateTimeOffset.TryParse(scalar.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            Report(path, node, "expected an RFC 3339 timestamp");
        }
    }

    private void CheckScalar(YamlNode node, FieldType fieldType, EnumDescriptor? enumType, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            Report(path, node, $"expected {Describe(fieldType, enumType)}, found a {(node is YamlSequenceNode ? "list" : "mapping")}");
            return;
        }

        var value = EnvoyYamlScalar.Classify(scalar);
        if (value.Kind == EnvoyYamlScalarKind.Null)
        {
            return;
        }

        var problem = fieldType switch
        {
            FieldType.Bool => value.Kind == EnvoyYamlScalarKind.Bool ? null : "expected true or false (unquoted)",
            FieldType.String => value.Kind switch
            {
                EnvoyYamlScalarKind.String => null,
                EnvoyYamlScalarKind.Bool => $"expected a string; YAML reads a plain {value.Text} as a bool: quote it",
                _ => $"expected a string; YAML reads a plain {value.Text} as a number: quote it",
            },
            FieldType.Bytes => value.Kind == EnvoyYamlScalarKind.String && IsBase64(value.Text) ? null : "expected base64 bytes",
            FieldType.Enum => CheckEnum(value, enumType!),
            FieldType.Double or FieldType.Float => value.Kind == EnvoyYamlScalarKind.Integer || (value.Kind == EnvoyYamlScalarKind.String && IsFloat(value.Text)) ? null : "expected a number",
            _ => CheckInteger(value, fieldType),
        };
        if (problem is not null)
        {
            Report(path, node, problem);
        }
    }

    private static string? CheckEnum(EnvoyYamlScalar value, EnumDescriptor enumType)
    {
        if (value.Kind == EnvoyYamlScalarKind.Integer || (value.Kind == EnvoyYamlScalarKind.String && enumType.FindValueByName(value.Text) is not null))
        {
            return null;
        }

        var names = string.Join(", ", enumType.Values.Select(v => v.Name));
        return $"unknown value '{value.Text}' of enum {enumType.FullName} (one of: {names})";
    }

    private static string? CheckInteger(EnvoyYamlScalar value, FieldType fieldType)
    {
        var (min, max, name) = fieldType switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ((decimal)int.MinValue, (decimal)int.MaxValue, "an int32"),
            FieldType.UInt32 or FieldType.Fixed32 => (0m, uint.MaxValue, "a uint32"),
            FieldType.UInt64 or FieldType.Fixed64 => (0m, ulong.MaxValue, "a uint64"),
            _ => ((decimal)long.MinValue, long.MaxValue, "an int64"),
        };
        decimal number;
        switch (value.Kind)
        {
            case EnvoyYamlScalarKind.Integer:
                number = value.IntegerValue;
                break;
            case EnvoyYamlScalarKind.String when decimal.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                number = parsed;
                break;
            default:
                return $"expected {name}";
        }

        return number < min || number > max ? $"{value.Text} is out of range for {name}" : null;
    }

    private static bool IsFloat(string text) =>
        text is "NaN" or "Infinity" or "-Infinity" || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static FieldDescriptor? FindField(MessageDescriptor type, string key) =>
        type.FindFieldByName(key) ?? type.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == key);

    private static string Suggestion(MessageDescriptor type, string key)
    {
        var best = type.Fields.InDeclarationOrder()
            .Select(f => (f.Name, Distance: EditDistance(f.Name, key)))
            .Where(c => c.Distance <= Math.Max(2, key.Length / 4))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean '{best.Name}'?)";
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    private YamlMappingNode? ExpectMapping(YamlNode node, string path, MessageDescriptor? type)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Report(path, node, $"expected a mapping{(type is null ? "" : $" ({type.FullName})")}, found {(node is YamlSequenceNode ? "a list" : $"'{((YamlScalarNode)node).Value}'")}");
        return null;
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode scalar && EnvoyYamlScalar.Classify(scalar).Kind == EnvoyYamlScalarKind.Null;

    private static string Describe(FieldType fieldType, EnumDescriptor? enumType) => fieldType switch
    {
        FieldType.Enum => $"a value of enum {enumType!.FullName}",
        FieldType.Bool => "true or false",
        FieldType.String => "a string",
        FieldType.Bytes => "base64 bytes",
        _ => "a number",
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private void Report(string path, YamlNode node, string message) => _problems.Add(new EnvoyConfigProblem(path, message, (int)node.Start.Line));

    // Proto3 JSON durations: seconds with up to nine fractional digits and an 's'.
    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]{1,9})?s$")]
    private static partial Regex DurationPattern();
}
