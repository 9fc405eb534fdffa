using System.Text.Json.Nodes;
using Google.Protobuf;

namespace AiGateway.Processor.ExtProc.Recording;

/// <summary>
/// The recording file format (docs/recording.md, adr/004): JSON lines; the first is a header, then each
/// ProcessingRequest and ProcessingResponse in the order they crossed the stream, in protobuf JSON form.
/// </summary>
internal static class RecordingFormat
{
    public const int Version = 1;
    public const string RequestKey = "request";
    public const string ResponseKey = "response";

    public static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static string HeaderLine(string processorVersion, string configHash, string filterLevel) => new JsonObject
    {
        ["aigw_recording"] = Version,
        ["processor_version"] = processorVersion,
        ["config_hash"] = configHash,
        ["filter_level"] = filterLevel,
    }.ToJsonString();

    public static string MessageLine(string key, IMessage message) => $"{{\"{key}\":{Formatter.Format(message)}}}";
}
