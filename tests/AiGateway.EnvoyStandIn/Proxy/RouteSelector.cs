using AiGateway.EnvoyStandIn.Configuration;
using AiGateway.EnvoyStandIn.Http;

namespace AiGateway.EnvoyStandIn.Proxy;

/// <summary>Envoy's route matching for the emulated subset: virtual host by :authority, first route that matches.</summary>
internal sealed class RouteSelector(IReadOnlyList<VirtualHostConfig> virtualHosts)
{
    public RouteConfig? Select(HeaderList headers)
    {
        var authority = (headers.Get(":authority") ?? string.Empty).ToLowerInvariant();
        var host = virtualHosts.FirstOrDefault(v => v.Domains.Contains(authority))
            ?? virtualHosts.FirstOrDefault(v => v.Domains.Contains(authority.Split(':')[0]))
            ?? virtualHosts.FirstOrDefault(v => v.Domains.Contains("*"));
        if (host is null)
        {
            return null;
        }

        var path = headers.Get(":path") ?? "/";
        var pathOnly = path.Split('?')[0];
        return host.Routes.FirstOrDefault(r => Matches(r, pathOnly, headers));
    }

    private static bool Matches(RouteConfig route, string path, HeaderList headers)
    {
        if (route.Prefix is { } prefix && !path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (route.Path is { } exact && path != exact)
        {
            return false;
        }

        foreach (var matcher in route.Headers)
        {
            var value = headers.Get(matcher.Name);
            var matched = matcher.Exact is { } expected ? value == expected : (value is not null) == matcher.Present;
            if (matched == matcher.Invert)
            {
                return false;
            }
        }

        return true;
    }
}
