using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>Typed access to request fields that names the offending field (as a JSON path) when a type is wrong.</summary>
internal static class JsonFields
{
    public static bool Has(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static string? OptString(JsonElement obj, string name, string path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong(path, name, "a string");
    }

    public static string ReqString(JsonElement obj, string name, string path) =>
        OptString(obj, name, path) ?? throw Missing(path, name);

    /// <summary>A required string member as a <see cref="TextPart"/> that keeps its token in <paramref name="body"/>.</summary>
    public static TextPart ReqText(JsonElement obj, string name, string path, ReadOnlyMemory<byte> body)
    {
        if (!Has(obj, name, out var value))
        {
            throw Missing(path, name);
        }

        return value.ValueKind == JsonValueKind.String ? TextPart.FromJson(value, body) : throw Wrong(path, name, "a string");
    }

    public static int? OptInt(JsonElement obj, string name, string path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw Wrong(path, name, "an integer");
    }

    public static double? OptNumber(JsonElement obj, string name, string path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Wrong(path, name, "a number");
    }

    public static bool? OptBool(JsonElement obj, string name, string path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Wrong(path, name, "a boolean");
    }

    public static JsonElement? OptArray(JsonElement obj, string name, string path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array ? value : throw Wrong(path, name, "an array");
    }

    public static JsonElement? OptObject(JsonElement obj, string name, string path)
    {
        if (!Has(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw Wrong(path, name, "an object");
    }

    public static JsonElement ReqObject(JsonElement obj, string name, string path) =>
        OptObject(obj, name, path) ?? throw Missing(path, name);

    public static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RequestFieldException(path, $"'{path}' must be an object.");
        }
    }

    /// <summary>Names of top-level properties not in <paramref name="known"/>.</summary>
    public static List<string> Unknown(JsonElement root, HashSet<string> known)
    {
        var unknown = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                unknown.Add(property.Name);
            }
        }

        return unknown;
    }

    /// <summary>
    /// A message's <c>content</c>: a string (one text part) or an array of parts, each read by
    /// <paramref name="readPart"/> with its path (<c>messages[i].content[j]</c>). Both client schemas allow both forms.
    /// </summary>
    /// <param name="what">How the array form is named in the error message ("content parts", "content blocks").</param>
    /// <param name="body">The client body the document was parsed from (text parts keep slices of it).</param>
    public static List<ContentPart> ReqContent(JsonElement message, string path, string what, ReadOnlyMemory<byte> body, Func<JsonElement, string, ReadOnlyMemory<byte>, ContentPart> readPart)
    {
        if (!Has(message, "content", out var content))
        {
            throw Missing(path, "content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return [TextPart.FromJson(content, body)];
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(path, "content", "a string or an array of " + what);
        }

        var parts = new List<ContentPart>(content.GetArrayLength());
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            parts.Add(readPart(part, $"{path}.content[{index++}]", body));
        }

        return parts;
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static RequestFieldException Missing(string path, string name)
    {
        var field = Join(path, name);
        return new RequestFieldException(field, $"'{field}' is required.");
    }

    public static RequestFieldException Wrong(string path, string name, string what)
    {
        var field = Join(path, name);
        return new RequestFieldException(field, $"'{field}' must be {what}.");
    }
}
