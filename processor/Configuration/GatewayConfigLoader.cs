using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AiGateway.Processor.Configuration;

/// <summary>
/// Reads the config file strictly: an unknown key, a wrong type or a dangling reference fails with
/// <c>file:line:column</c> and a sentence on how to fix it. Never partially applies a file.
/// </summary>
internal static partial class GatewayConfigLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithTypeConverter(new DurationYamlConverter())
        .WithTypeConverter(new KebabCaseEnumYamlConverter())
        .WithDuplicateKeyChecking()
        .WithEnforceRequiredMembers()
        .Build();

    public static GatewaySnapshot LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the config file ({e.Message}). Pass an existing file with --config or AIGW_CONFIG.", e);
        }

        return Load(bytes, path);
    }

    public static GatewaySnapshot Load(byte[] bytes, string sourceName)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var stream = new YamlStream();
        GatewayConfig? config;
        try
        {
            stream.Load(new StringReader(text));
            config = Deserializer.Deserialize<GatewayConfig?>(text);
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{sourceName}:{e.Start.Line}:{e.Start.Column}: {Explain(e)}", e);
        }

        if (config is null)
        {
            // An empty file is far more often a truncated write than an intent to serve nothing.
            throw new ConfigException($"{sourceName}:1:1: the config file is empty. Start from processor/aigw.example.yaml.");
        }

        config = WithDefaultsForEmptySections(config);
        var issues = GatewayConfigValidator.Validate(config);
        if (issues.Count > 0)
        {
            var index = new YamlPathIndex(stream);
            var lines = issues.Select(issue =>
            {
                var mark = index.Find(issue.Path);
                var where = mark is { } m ? $"{sourceName}:{m.Line}:{m.Column}" : sourceName;
                return $"{where}: {issue.Path}: {issue.Message}";
            });
            throw new ConfigException(string.Join(Environment.NewLine, lines));
        }

        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        return new GatewaySnapshot(config, hash, sourceName);
    }

    /// <summary>
    /// A key written with no value (<c>recording:</c> with only a comment under it) binds to null; it means "the
    /// defaults", as leaving the key out would.
    /// </summary>
    private static GatewayConfig WithDefaultsForEmptySections(GatewayConfig config) => config with
    {
        Server = config.Server ?? new(),
        Recording = config.Recording ?? new(),
        Identity = config.Identity ?? new(),
        Budgets = config.Budgets ?? new(),
        Telemetry = config.Telemetry ?? new(),
        Guardrails = GuardrailsConfigDefaults.Fill(config.Guardrails),
        Providers = config.Providers ?? [],
        Backends = NonNull(config.Backends, b => b with { Pricing = b.Pricing ?? [] }, () => new BackendConfig()),
        Models = NonNull(config.Models, m => m with { Aliases = m.Aliases ?? [], Backends = m.Backends ?? [] }, () => new ModelConfig()),
        Teams = NonNull(config.Teams, t => t with { AllowedModels = t.AllowedModels ?? [], JwtClaimValues = t.JwtClaimValues ?? [], Budgets = t.Budgets ?? [] }, () => new TeamConfig()),
    };

    private static Dictionary<string, T> NonNull<T>(Dictionary<string, T>? map, Func<T, T> fix, Func<T> empty)
        where T : class =>
        map is null ? [] : map.ToDictionary(e => e.Key, e => fix(e.Value ?? empty()), StringComparer.Ordinal);

    private static string Explain(YamlException e)
    {
        var innermost = e;
        while (innermost.InnerException is YamlException inner)
        {
            innermost = inner;
        }

        var message = StripMark(innermost.Message);
        var unknown = UnknownPropertyPattern().Match(message);
        if (unknown.Success)
        {
            var type = typeof(GatewayConfig).Assembly.GetType(unknown.Groups["type"].Value);
            var valid = type is null ? "" : " Valid keys here: " + string.Join(", ", KeysOf(type)) + ".";
            return $"unknown key '{unknown.Groups["key"].Value}'.{valid} Check the spelling against docs/configuration.md.";
        }

        if (innermost.InnerException is { } cause)
        {
            return $"this value has the wrong type ({cause.Message.TrimEnd('.')}). See docs/configuration.md for the expected type.";
        }

        return message;
    }

    private static IEnumerable<string> KeysOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => UnderscoredNamingConvention.Instance.Apply(p.Name));

    private static string StripMark(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: 3, Col: 9, Idx: 44): "; we print our own position.
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0 ? message[(cut + 3)..] : message;
    }

    [GeneratedRegex("Property '(?<key>[^']+)' not found on type '(?<type>[^']+)'")]
    private static partial Regex UnknownPropertyPattern();
}
