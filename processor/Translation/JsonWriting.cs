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
}
