using System.Text.Json.Serialization;

namespace AiGateway.Processor.Translation;

/// <summary>Source-generated serialization for the few non-hot values translation serializes whole.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class JsonValueContext : JsonSerializerContext;
