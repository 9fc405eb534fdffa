using Envoy.Config.Bootstrap.V3;
using Google.Protobuf;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// Parses an Envoy YAML file strictly as a v3 <c>Bootstrap</c>, as Envoy loads its bootstrap: every problem the
/// <see cref="EnvoySchemaWalker"/> finds, with its path; then Google.Protobuf's JSON parser (strict: unknown fields
/// and unresolvable Any types fail) as the final word, whose typed result the cross-checks read.
/// </summary>
internal static class EnvoyBootstrapSchemaCheck
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(EnvoyTypeRegistry.Instance));

    public static EnvoySchemaResult Check(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return Fail(new EnvoyConfigProblem("", $"not valid YAML: {e.Message}", (int)e.Start.Line));
        }
        catch (ArgumentException e)
        {
            // YamlDotNet reports a key written twice in one mapping this way.
            return Fail(new EnvoyConfigProblem("", $"not valid YAML: {e.Message}"));
        }

        if (stream.Documents.Count != 1)
        {
            return Fail(new EnvoyConfigProblem("", $"expected exactly one YAML document, found {stream.Documents.Count}"));
        }

        var root = stream.Documents[0].RootNode;
        var walker = new EnvoySchemaWalker(EnvoyTypeRegistry.Instance, EnvoyUnresolvedTypeAllowList.Reasons);
        walker.CheckMessage(root, Bootstrap.Descriptor, "");
        if (walker.Problems.Count > 0)
        {
            return new EnvoySchemaResult(null, walker.Problems, walker.Lines);
        }

        var json = EnvoyYamlJsonConverter.Convert(root, walker.StandIns)?.ToJsonString() ?? "{}";
        try
        {
            return new EnvoySchemaResult(Parser.Parse<Bootstrap>(json), [], walker.Lines);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            // Only reached if the walker misses something the protobuf parser knows; the message then has no path.
            return new EnvoySchemaResult(null, [new EnvoyConfigProblem("(bootstrap)", $"rejected by the protobuf JSON parser: {e.Message}")], walker.Lines);
        }
    }

    private static EnvoySchemaResult Fail(EnvoyConfigProblem problem) => new(null, [problem], new Dictionary<string, int>());
}
