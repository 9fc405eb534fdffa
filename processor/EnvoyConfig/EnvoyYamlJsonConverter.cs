using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// Turns the YAML tree into the JSON Envoy hands its protobuf parser (scalars typed by <see cref="EnvoyYamlScalar"/>,
/// aliases already resolved by YamlDotNet). Nodes in <c>standIns</c> are replaced by an empty <c>Struct</c> Any:
/// that is how an allow-listed, unresolvable <c>typed_config</c> still lets the rest of the file parse.
/// </summary>
internal static class EnvoyYamlJsonConverter
{
    public static JsonNode? Convert(YamlNode node, IReadOnlySet<YamlNode> standIns)
    {
        if (standIns.Contains(node))
        {
            return new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Struct", ["value"] = new JsonObject() };
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var json = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    json[((YamlScalarNode)key).Value ?? ""] = Convert(value, standIns);
                }

                return json;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, standIns));
                }

                return array;
            case YamlScalarNode scalar:
                var typed = EnvoyYamlScalar.Classify(scalar);
                return typed.Kind switch
                {
                    EnvoyYamlScalarKind.Null => null,
                    EnvoyYamlScalarKind.Bool => JsonValue.Create(typed.BoolValue),
                    EnvoyYamlScalarKind.Integer => JsonValue.Create(typed.IntegerValue),
                    _ => JsonValue.Create(typed.Text),
                };
            default:
                throw new InvalidOperationException($"unexpected YAML node {node.NodeType}");
        }
    }
}
