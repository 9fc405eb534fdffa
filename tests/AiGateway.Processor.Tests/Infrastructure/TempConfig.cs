namespace AiGateway.Processor.Tests.Infrastructure;

/// <summary>A config file in a fresh temp folder, deleted with the folder on dispose.</summary>
public sealed class TempConfig : IDisposable
{
    public const string Minimal = """
        identity:
          anonymous_team: dev
        teams:
          dev: {}
        providers:
          openai:
            kind: openai
            api_key: { env: AIGW_TEST_OPENAI_KEY }
          anthropic:
            kind: anthropic
            api_key: { env: AIGW_TEST_ANTHROPIC_KEY }
        backends:
          openai-gpt-4o-mini: { provider: openai, model: gpt-4o-mini }
          anthropic-claude-sonnet: { provider: anthropic, model: claude-sonnet-4-20250514 }
        models:
          gpt-4o-mini:
            backends: [openai-gpt-4o-mini]
          claude-sonnet:
            aliases: [claude-sonnet-4]
            backends: [anthropic-claude-sonnet]
        """;

    public TempConfig(string yaml = Minimal)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aigw-test-").FullName;
        Path = System.IO.Path.Combine(Directory, "aigw.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Directory { get; }

    public string Path { get; }

    public void Write(string yaml) => File.WriteAllText(Path, yaml);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; temp space is cleaned by the OS.
        }
    }
}
