using System.Globalization;
using System.Text.RegularExpressions;
using AiGateway.EnvoyStandIn.Configuration;
using AiGateway.EnvoyStandIn.ExtProc;
using Google.Protobuf.WellKnownTypes;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>Envoy's header value formatter, limited to literal text and <c>%DYNAMIC_METADATA(ns:key[:key…])%</c>.</summary>
internal static partial class HeaderValueFormatter
{
    public static void Validate(string format, string where)
    {
        var rest = DynamicMetadataCommand().Replace(format, string.Empty);
        if (rest.Contains('%', StringComparison.Ordinal))
        {
            throw new EnvoyConfigException(where, $"only %DYNAMIC_METADATA(ns:key)% is emulated in header values: {format}");
        }
    }

    /// <summary>
    /// A missing value formats as empty. ⚠️ Envoy then does not add the header (keep_empty_value false); the reference
    /// does not cover this, it is general Envoy behaviour.
    /// </summary>
    public static string Format(string format, DynamicMetadata first, DynamicMetadata? fallback) =>
        DynamicMetadataCommand().Replace(format, match =>
        {
            var path = match.Groups[1].Value.Split(':');
            var value = Lookup(first, path) ?? (fallback is null ? null : Lookup(fallback, path));
            return value is null ? string.Empty : Render(value);
        });

    private static Value? Lookup(DynamicMetadata metadata, string[] path)
    {
        if (metadata.Get(path[0]) is not { } root || path.Length < 2)
        {
            return null;
        }

        Value? current = Value.ForStruct(root);
        foreach (var key in path.Skip(1))
        {
            if (current?.KindCase != Value.KindOneofCase.StructValue || !current.StructValue.Fields.TryGetValue(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string Render(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => value.StringValue,
        Value.KindOneofCase.NumberValue => value.NumberValue.ToString("R", CultureInfo.InvariantCulture),
        Value.KindOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        Value.KindOneofCase.NullValue => string.Empty,
        _ => Google.Protobuf.JsonFormatter.Default.Format(value),
    };

    [GeneratedRegex(@"%DYNAMIC_METADATA\(([^)]+)\)%")]
    private static partial Regex DynamicMetadataCommand();
}
