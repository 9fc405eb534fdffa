using System.Text.Json;

namespace AiGateway.Processor.Translation;

/// <summary>Set a top-level property to raw JSON <see cref="Value"/>, or remove it when <see cref="Value"/> is null.</summary>
internal readonly record struct BodyPatch(JsonEncodedText Name, byte[]? Value)
{
    public BodyPatch(string name, byte[]? value)
        : this(JsonEncodedText.Encode(name), value)
    {
    }
}
