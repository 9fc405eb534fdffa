using Envoy.Config.Core.V3;

namespace AiGateway.EnvoyStandIn.Configuration;

/// <summary>Reads route_config: virtual hosts, routes (prefix/path + exact headers), retry policies, direct responses.</summary>
internal static class RouteYamlReader
{
    private static readonly HashSet<string> SupportedRetryOn = new(StringComparer.Ordinal)
    {
        "5xx", "gateway-error", "reset", "connect-failure", "retriable-status-codes",
    };

    public static IReadOnlyList<VirtualHostConfig> ReadRouteConfig(YamlCursor cursor)
    {
        var routeConfig = cursor.Map();
        routeConfig.Accept("name");
        var hosts = routeConfig.Required("virtual_hosts").Sequence().Select(ReadVirtualHost).ToList();
        routeConfig.EnsureAllRead();
        return hosts;
    }

    private static VirtualHostConfig ReadVirtualHost(YamlCursor cursor)
    {
        var host = cursor.Map();
        var name = host.Required("name").String();
        var domains = host.Required("domains").Sequence().Select(d => d.String().ToLowerInvariant()).ToList();
        var routes = host.Required("routes").Sequence().Select(ReadRoute).ToList();
        host.EnsureAllRead();
        return new VirtualHostConfig(name, domains, routes);
    }

    private static RouteConfig ReadRoute(YamlCursor cursor)
    {
        var route = cursor.Map();
        var name = route.Optional("name")?.String() ?? cursor.Path;
        var match = route.Required("match").Map();
        var prefix = match.Optional("prefix")?.String();
        var path = match.Optional("path")?.String();
        if ((prefix is null) == (path is null))
        {
            throw new EnvoyConfigException($"{match.Path}", "exactly one of prefix or path is emulated");
        }

        var headers = match.Optional("headers")?.Sequence().Select(ReadHeaderMatch).ToList() ?? [];
        match.EnsureAllRead();

        var action = route.Optional("route") is { } actionCursor ? ReadAction(actionCursor) : null;
        var direct = route.Optional("direct_response") is { } directCursor ? ReadDirectResponse(directCursor) : null;
        if ((action is null) == (direct is null))
        {
            throw cursor.Error("exactly one of route or direct_response is emulated");
        }

        var toAdd = route.Optional("response_headers_to_add")?.Sequence().Select(c => c.Parse<HeaderValueOption>()).ToList() ?? [];
        route.EnsureAllRead();
        return new RouteConfig(name, prefix, path, headers, action, direct, toAdd);
    }

    private static HeaderMatchConfig ReadHeaderMatch(YamlCursor cursor)
    {
        var header = cursor.Map();
        var name = header.Required("name").String().ToLowerInvariant();
        string? exact = null;
        if (header.Optional("string_match") is { } stringMatchCursor)
        {
            var stringMatch = stringMatchCursor.Map();
            exact = stringMatch.Required("exact").String();
            stringMatch.EnsureAllRead();
        }

        var present = header.Optional("present_match")?.Bool();
        var invert = header.Optional("invert_match")?.Bool() ?? false;
        header.EnsureAllRead();
        if ((exact is null) == (present is null))
        {
            throw cursor.Error("exactly one of string_match.exact or present_match is emulated");
        }

        return new HeaderMatchConfig(name, exact, present, invert);
    }

    private static RouteActionConfig ReadAction(YamlCursor cursor)
    {
        var action = cursor.Map();
        var cluster = action.Required("cluster").String();
        var timeout = action.Optional("timeout")?.Duration() ?? TimeSpan.FromSeconds(15);
        // Stream idle cut-offs (minutes) are longer than any test; not emulated.
        action.Accept("idle_timeout");
        var retry = action.Optional("retry_policy") is { } retryCursor ? ReadRetryPolicy(retryCursor) : null;
        var hostRewrite = action.Optional("host_rewrite_literal")?.String();
        action.EnsureAllRead();
        return new RouteActionConfig(cluster, timeout, retry, hostRewrite);
    }

    private static RetryPolicyConfig ReadRetryPolicy(YamlCursor cursor)
    {
        var policy = cursor.Map();
        var retryOnCursor = policy.Required("retry_on");
        var retryOn = retryOnCursor.String().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var condition in retryOn)
        {
            if (!SupportedRetryOn.Contains(condition))
            {
                throw retryOnCursor.Error($"retry_on {condition} is not emulated (supported: {string.Join(", ", SupportedRetryOn)})");
            }
        }

        // Envoy's default num_retries is 1.
        var numRetries = policy.Optional("num_retries")?.Int() ?? 1;
        var codes = policy.Optional("retriable_status_codes")?.Sequence().Select(c => c.Int()).ToHashSet() ?? [];
        var perTry = policy.Optional("per_try_timeout")?.Duration();
        var previousPriorities = false;
        if (policy.Optional("retry_priority") is { } priorityCursor)
        {
            var priority = priorityCursor.Map();
            if (priority.Required("name").String() != "envoy.retry_priorities.previous_priorities")
            {
                throw new EnvoyConfigException($"{priority.Path}.name", "only envoy.retry_priorities.previous_priorities is emulated");
            }

            var typed = priority.Required("typed_config").Map();
            priority.EnsureAllRead();
            typed.ExpectType("envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig");
            if (typed.Required("update_frequency").Int() != 1)
            {
                throw new EnvoyConfigException($"{typed.Path}.update_frequency", "only update_frequency 1 is emulated");
            }

            typed.EnsureAllRead();
            previousPriorities = true;
        }

        policy.EnsureAllRead();
        return new RetryPolicyConfig(retryOn, numRetries, codes, perTry, previousPriorities);
    }

    private static DirectResponseConfig ReadDirectResponse(YamlCursor cursor)
    {
        var direct = cursor.Map();
        var status = direct.Required("status").Int();
        var body = string.Empty;
        if (direct.Optional("body") is { } bodyCursor)
        {
            var source = bodyCursor.Map();
            body = source.Required("inline_string").String();
            source.EnsureAllRead();
        }

        direct.EnsureAllRead();
        return new DirectResponseConfig(status, body);
    }
}
