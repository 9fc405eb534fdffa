using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>
/// Writer options for translated bodies: UTF-8 text is written as is, not as <c>\uXXXX</c> escapes (the default encoder
/// targets HTML embedding, which API bodies never are), so translated output stays as compact as the provider's.
/// </summary>
internal static class JsonWriting
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the property only when the request set it (absent means the provider's default).</summary>
    public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } set)
        {
            writer.WriteNumber(name, set);
        }
    }

    /// <inheritdoc cref="WriteOptional(Utf8JsonWriter, ReadOnlySpan{byte}, double?)"/>
    public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } set)
        {
            writer.WriteNumber(name, set);
        }
    }

    /// <summary>Writes a string array property, or nothing when the list is empty.</summary>
    public static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
