using AiGateway.Processor.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Processor.Tests.Hosting;

public sealed class ProcessorHostTests
{
    [Fact]
    public async Task Build_DefaultConfigurationFiles_AreNotWatched()
    {
        // A watched content root wakes a watcher thread for every usage record written below the working directory.
        using var config = new TempConfig();
        await using var processor = await TestProcessor.StartAsync(config.Path);

        var root = (IConfigurationRoot)processor.Services.GetRequiredService<IConfiguration>();
        var jsonFiles = root.Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.NotEmpty(jsonFiles);
        Assert.All(jsonFiles, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} is watched for changes"));
    }
}
