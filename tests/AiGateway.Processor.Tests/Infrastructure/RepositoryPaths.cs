namespace AiGateway.Processor.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test binary's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Exchanges => Path.Combine(Root, "tests", "exchanges");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AiGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AiGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
