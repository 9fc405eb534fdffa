using System.Diagnostics;
using System.Globalization;

namespace AiGateway.Benchmarks.EndToEnd;

/// <summary>
/// Runs <c>hey</c> (Debian package; <c>./aigw bench</c> installs it) with per-request CSV output and returns the
/// response times, so percentiles are computed here the same way for the gateway and for the provider directly.
/// </summary>
internal static class HeyRunner
{
    public static async Task<(double[] LatenciesMicroseconds, int Errors, string ErrorKinds)> RunAsync(Uri url, string bodyFile, IReadOnlyDictionary<string, string> headers, int requests, int concurrency)
    {
        // hey gives each of its c workers n / c requests, so it sends only a whole multiple of c: ask for exactly that,
        // or the remainder would be counted as errors below.
        requests = Math.Max(concurrency, requests / concurrency * concurrency);
        var arguments = new List<string> { "-n", requests.ToString(CultureInfo.InvariantCulture), "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-m", "POST", "-D", bodyFile, "-o", "csv" };
        foreach (var (name, value) in headers)
        {
            arguments.AddRange(["-H", $"{name}: {value}"]);
        }

        arguments.Add(url.ToString());
        var start = new ProcessStartInfo("hey", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start hey (apt-get install hey).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"hey failed: {await error.ConfigureAwait(false)}");
        }

        // response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
        var latencies = new List<double>();
        var others = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in (await output.ConfigureAwait(false)).Split('\n').Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length < 7)
            {
                continue;
            }

            var status = fields[6].Trim();
            if (status == "200")
            {
                latencies.Add(double.Parse(fields[0], CultureInfo.InvariantCulture) * 1_000_000);
            }
            else
            {
                others[status] = others.GetValueOrDefault(status) + 1;
            }
        }

        // Non-200 answers and requests hey could not complete are both missing from the latencies.
        var errors = requests - latencies.Count;
        var answered = others.Values.Sum();
        if (errors > answered)
        {
            others["no answer"] = errors - answered;
        }

        latencies.Sort();
        return ([.. latencies], errors, string.Join(", ", others.Select(o => $"{o.Value} × {o.Key}")));
    }
}
