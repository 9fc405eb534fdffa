using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// Types a YAML scalar the way Envoy does before its JSON-to-protobuf parse (source/common/protobuf/yaml_utility.cc,
/// parseYamlNode): a quoted scalar is a string; a plain one is a bool if yaml-cpp reads it as one (y/n, yes/no,
/// true/false, on/off in lower, Capital or UPPER case), else an integer if it is one (a number in int32 range,
/// otherwise its decimal string, which proto3 JSON accepts for integers), else a string (floats included: the
/// protobuf parser converts them by field type). So <c>port_value: "443"</c> and <c>value: 1.5</c> are fine,
/// but a plain <c>value: 1</c> in a string field or <c>enabled: "true"</c> in a bool field are not.
/// </summary>
internal readonly record struct EnvoyYamlScalar(EnvoyYamlScalarKind Kind, string Text, bool BoolValue, long IntegerValue)
{
    private static readonly HashSet<string> TrueWords = Flexible("y", "yes", "true", "on");
    private static readonly HashSet<string> FalseWords = Flexible("n", "no", "false", "off");

    public static EnvoyYamlScalar Classify(YamlScalarNode node)
    {
        var text = node.Value ?? "";
        if (node.Style is not ScalarStyle.Plain and not ScalarStyle.Any)
        {
            return new(EnvoyYamlScalarKind.String, text, false, 0);
        }

        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            return new(EnvoyYamlScalarKind.Null, text, false, 0);
        }

        if (TrueWords.Contains(text) || FalseWords.Contains(text))
        {
            return new(EnvoyYamlScalarKind.Bool, text, TrueWords.Contains(text), 0);
        }

        if (TryParseInteger(text, out var integer))
        {
            return integer is >= int.MinValue and <= int.MaxValue
                ? new(EnvoyYamlScalarKind.Integer, text, false, integer)
                : new(EnvoyYamlScalarKind.String, integer.ToString(CultureInfo.InvariantCulture), false, 0);
        }

        return new(EnvoyYamlScalarKind.String, text, false, 0);
    }

    /// <summary>yaml-cpp's integer forms: decimal with an optional sign, <c>0x</c> hex, and leading-zero octal.</summary>
    private static bool TryParseInteger(string text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (text.Length > 1 && text[0] == '0' && text.All(char.IsAsciiDigit))
        {
            try
            {
                value = Convert.ToInt64(text, 8);
                return true;
            }
            catch (FormatException)
            {
                value = 0;
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static HashSet<string> Flexible(params string[] words)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            set.Add(word);
            set.Add(char.ToUpperInvariant(word[0]) + word[1..]);
            set.Add(word.ToUpperInvariant());
        }

        return set;
    }
}
