namespace AiGateway.Processor.Translation;

/// <summary>Set a top-level property to raw JSON <see cref="Value"/>, or remove it when <see cref="Value"/> is null.</summary>
internal readonly record struct BodyPatch(string Name, byte[]? Value);
