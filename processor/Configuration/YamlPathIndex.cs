using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiGateway.Processor.Configuration;

/// <summary>
/// Maps key paths (<c>models.claude.backends[1]</c>) to where they stand in the YAML text, so that validation
/// errors found after binding still point at a file and line.
/// </summary>
internal sealed class YamlPathIndex
{
    private readonly Dictionary<string, Mark> _marks = new(StringComparer.Ordinal);

    public YamlPathIndex(YamlStream stream)
    {
        if (stream.Documents.Count > 0)
        {
            Visit(stream.Documents[0].RootNode, "");
        }
    }

    /// <summary>The position of the path, or of its nearest ancestor that exists in the file.</summary>
    public Mark? Find(string path)
    {
        for (var current = path; ; current = Parent(current))
        {
            if (_marks.TryGetValue(current, out var mark))
            {
                return mark;
            }

            if (current.Length == 0)
            {
                return null;
            }
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private void Visit(YamlNode node, string path)
    {
        _marks.TryAdd(path, node.Start);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    _marks.TryAdd(childPath, key.Start);
                    Visit(value, childPath);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Visit(sequence.Children[i], $"{path}[{i}]");
                }

                break;
        }
    }
}
