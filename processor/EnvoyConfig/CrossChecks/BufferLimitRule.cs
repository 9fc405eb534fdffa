namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// Envoy buffers the whole request (BUFFERED body mode, and the router keeps it for retries): a body above the
/// listener's <c>per_connection_buffer_limit_bytes</c> (default 1 MiB) is a 413 (ext-proc-protocol.md §0.8), and
/// above a route's or virtual host's <c>per_request_buffer_limit_bytes</c> it is not retried. Both must cover
/// server.max_prompt_bytes.
/// </summary>
internal sealed class BufferLimitRule : IEnvoyCrossCheckRule
{
    private const long EnvoyDefault = 1024 * 1024;

    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        var max = processor.MaxPromptBytes;
        foreach (var site in envoy.Listeners.Where(l => l.Hcm is not null))
        {
            var limit = site.Listener.PerConnectionBufferLimitBytes ?? EnvoyDefault;
            if (limit < max)
            {
                problems.Add(new($"{site.Path}.per_connection_buffer_limit_bytes", $"{limit} bytes is below server.max_prompt_bytes ({max}): larger prompts would get 413"));
            }
        }

        foreach (var site in envoy.Routes)
        {
            if (site.Route.PerRequestBufferLimitBytes is { } routeLimit && routeLimit < max)
            {
                problems.Add(new($"{site.Path}.per_request_buffer_limit_bytes", $"{routeLimit} bytes is below server.max_prompt_bytes ({max}): larger prompts would not fail over"));
            }
        }

        // A route path ends in ".virtual_hosts[v].routes[r]": its virtual host's path is the part before ".routes[".
        foreach (var (host, hostPath) in envoy.Routes.Select(r => (r.VirtualHost, r.Path[..r.Path.LastIndexOf(".routes[", StringComparison.Ordinal)])).Distinct())
        {
            if (host.PerRequestBufferLimitBytes is { } hostLimit && hostLimit < max)
            {
                problems.Add(new($"{hostPath}.per_request_buffer_limit_bytes", $"{hostLimit} bytes is below server.max_prompt_bytes ({max}): larger prompts would not fail over"));
            }
        }
    }
}
