namespace AiGateway.Processor.Cli;

/// <summary><c>aigw --health-check</c>: exit 0 when the local processor answers /readyz with 200, else 1. No curl needed in the image.</summary>
internal static class HealthCheckCommand
{
    public static async Task<int> RunAsync(string adminUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(adminUrl), "/readyz"), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"aigw --health-check: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
