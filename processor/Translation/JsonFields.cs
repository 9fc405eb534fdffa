using System.Text;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Typed access to request fields that names the offending field (as a JSON path) when a type is wrong. The path is
/// made into text only then (<see cref="FieldPath"/>).
/// </summary>
internal static class JsonFields
{
    public static bool Has(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static string? OptString(JsonElement obj, string name, FieldPath path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong(path, name, "a string");
    }

    /// <summary>An optional string member left as its element (kept as a slice of the body by the model); null when absent.</summary>
    public static JsonElement? OptStringElement(JsonElement obj, string name, FieldPath path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value : throw Wrong(path, name, "a string");
    }

    public static string ReqString(JsonElement obj, string name, FieldPath path) =>
        OptString(obj, name, path) ?? throw Missing(path, name);

    /// <summary>
    /// A required string member left as its element, for comparing with <see cref="JsonElement.ValueEquals(ReadOnlySpan{byte})"/>
    /// (roles, types) or keeping as a slice of the body (ids) without making a string.
    /// </summary>
    public static JsonElement ReqStringElement(JsonElement obj, string name, FieldPath path)
    {
        if (!Has(obj, name, out var value))
        {
            throw Missing(path, name);
        }

        return value.ValueKind == JsonValueKind.String ? value : throw Wrong(path, name, "a string");
    }

    /// <summary>A required string member as a <see cref="TextPart"/> that keeps its token in <paramref name="body"/>.</summary>
    public static TextPart ReqText(JsonElement obj, string name, FieldPath path, ReadOnlyMemory<byte> body)
    {
        if (!Has(obj, name, out var value))
        {
            throw Missing(path, name);
        }

        return value.ValueKind == JsonValueKind.String ? TextPart.FromJson(value, body) : throw Wrong(path, name, "a string");
    }

    public static int? OptInt(JsonElement obj, string name, FieldPath path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw Wrong(path, name, "an integer");
    }

    public static double? OptNumber(JsonElement obj, string name, FieldPath path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Wrong(path, name, "a number");
    }

    public static bool? OptBool(JsonElement obj, string name, FieldPath path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Wrong(path, name, "a boolean");
    }

    public static JsonElement? OptArray(JsonElement obj, string name, FieldPath path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array ? value : throw Wrong(path, name, "an array");
    }

    public static JsonElement? OptObject(JsonElement obj, string name, FieldPath path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw Wrong(path, name, "an object");
    }

    public static JsonElement ReqObject(JsonElement obj, string name, FieldPath path) =>
        OptObject(obj, name, path) ?? throw Missing(path, name);

    public static void RequireObject(JsonElement element, FieldPath path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            var field = path.ToString();
            throw new RequestFieldException(field, $"'{field}' must be an object.");
        }
    }

    /// <summary>Property names as UTF-8, for <see cref="Unknown"/>.</summary>
    public static byte[][] Utf8Names(params string[] names) => [.. names.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// Names of top-level properties not in <paramref name="known"/> (a shared empty list when all are known). Names are
    /// compared as UTF-8, so a known property makes no string.
    /// </summary>
    public static IReadOnlyList<string> Unknown(JsonElement root, byte[][] known)
    {
        List<string>? unknown = null;
        foreach (var property in root.EnumerateObject())
        {
            if (!IsKnown(property, known))
            {
                (unknown ??= []).Add(property.Name);
            }
        }

        return (IReadOnlyList<string>?)unknown ?? [];
    }

    /// <summary>
    /// A message's <c>content</c>: a string (one text part) or an array of parts, each read by
    /// <paramref name="readPart"/> with <paramref name="path"/> on it (<c>messages[i].content[j]</c>). Both client
    /// schemas allow both forms.
    /// </summary>
    /// <param name="what">How the array form is named in the error message ("content parts", "content blocks").</param>
    /// <param name="body">The client body the document was parsed from (text parts keep slices of it).</param>
    public static PartList ReqContent(JsonElement message, RequestPath path, string what, ReadOnlyMemory<byte> body, Func<JsonElement, RequestPath, ReadOnlyMemory<byte>, ContentPart> readPart)
    {
        if (!Has(message, "content", out var content))
        {
            throw Missing(path, "content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return new PartList(TextPart.FromJson(content, body));
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(path, "content", "a string or an array of " + what);
        }

        return ReadParts(content, path, body, readPart);
    }

    /// <summary>The parts of a content array; one part is held without an array.</summary>
    public static PartList ReadParts(JsonElement array, RequestPath path, ReadOnlyMemory<byte> body, Func<JsonElement, RequestPath, ReadOnlyMemory<byte>, ContentPart> readPart)
    {
        var count = array.GetArrayLength();
        if (count == 1)
        {
            path.Push("content", 0);
            var only = readPart(array[0], path, body);
            path.Pop();
            return new PartList(only);
        }

        var parts = new ContentPart[count];
        var index = 0;
        foreach (var part in array.EnumerateArray())
        {
            path.Push("content", index);
            parts[index++] = readPart(part, path, body);
            path.Pop();
        }

        return parts;
    }

    private static bool IsKnown(JsonProperty property, byte[][] known)
    {
        foreach (var name in known)
        {
            if (property.NameEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    public static string Join(FieldPath path, string name)
    {
        var text = path.ToString();
        return text.Length == 0 ? name : $"{text}.{name}";
    }

    public static RequestFieldException Missing(FieldPath path, string name)
    {
        var field = Join(path, name);
        return new RequestFieldException(field, $"'{field}' is required.");
    }

    public static RequestFieldException Wrong(FieldPath path, string name, string what)
    {
        var field = Join(path, name);
        return new RequestFieldException(field, $"'{field}' must be {what}.");
    }
}
