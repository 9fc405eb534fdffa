using System.Diagnostics;
using System.Net.Http.Headers;

namespace AiGateway.Benchmarks.EndToEnd;

/// <summary>
/// Time to first token of a streamed request: from sending to the first body bytes (the first SSE event), one request
/// at a time. <c>hey</c> only sees whole responses, so this side measures the stream's start.
/// </summary>
internal static class FirstTokenProbe
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<(double[] Microseconds, int Errors)> RunAsync(Uri url, byte[] body, IReadOnlyDictionary<string, string> headers, int requests)
    {
        var times = new List<double>();
        var errors = 0;
        var buffer = new byte[16 * 1024];
        for (var i = 0; i < requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var started = Stopwatch.GetTimestamp();
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            if (!response.IsSuccessStatusCode || read == 0)
            {
                errors++;
                continue;
            }

            times.Add(elapsed);
            while (await stream.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
                // Drain the rest so the connection is reused.
            }
        }

        times.Sort();
        return ([.. times], errors);
    }
}
