using System.Globalization;
using System.Text;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Where a request reader is in the client body (<c>messages[3].content[1]</c>), kept as segments and made into text
/// only when an error or an opaque part needs it: a path string per message and per part was most of the objects a
/// request allocated (issue 5, "≤ 2 allocations per KB"). One instance per thread, reused by every parse.
/// </summary>
internal sealed class RequestPath
{
    // Deep enough for every shape but nested tool results (messages[i].content[j].content[k].source is four); those grow it.
    private const int InitialDepth = 8;

    [ThreadStatic]
    private static RequestPath? _current;

    private string[] _names = new string[InitialDepth];
    private int[] _indexes = new int[InitialDepth];
    private int _depth;

    /// <summary>The calling thread's path, emptied (a parse that threw may have left segments).</summary>
    public static RequestPath Start()
    {
        var path = _current ??= new RequestPath();
        path._depth = 0;
        return path;
    }

    /// <summary>Enters member <paramref name="name"/>, or its item <paramref name="index"/> when not negative.</summary>
    public RequestPath Push(string name, int index = -1)
    {
        if (_depth == _names.Length)
        {
            // Anthropic tool results may nest (bounded by the parser's depth limit); kept for the thread's later parses.
            Array.Resize(ref _names, _depth * 2);
            Array.Resize(ref _indexes, _depth * 2);
        }

        _names[_depth] = name;
        _indexes[_depth] = index;
        _depth++;
        return this;
    }

    public void Pop() => _depth--;

    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            if (i > 0)
            {
                text.Append('.');
            }

            text.Append(_names[i]);
            if (_indexes[i] >= 0)
            {
                text.Append('[').Append(_indexes[i].ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return text.ToString();
    }
}
