namespace AiGateway.Processor.Configuration;

/// <summary>Rules a bound config must satisfy before it is used: ranges, required fields and references between sections.</summary>
internal static class GatewayConfigValidator
{
    public static List<ConfigIssue> Validate(GatewayConfig config)
    {
        var issues = new List<ConfigIssue>();
        ValidateServer(config.Server, issues);
        ValidateTelemetry(config.Telemetry, issues);
        foreach (var (name, provider) in config.Providers)
        {
            ValidateProvider(name, provider, issues);
        }

        foreach (var (name, backend) in config.Backends)
        {
            var path = $"backends.{name}";
            if (!config.Providers.TryGetValue(backend.Provider, out var backendProvider))
            {
                issues.Add(new(path + ".provider", $"provider '{backend.Provider}' is not defined. Define it under 'providers:' or use one of: {List(config.Providers.Keys)}."));
            }
            else if (backend.Api is not null && backendProvider.Kind != ProviderKind.Bedrock)
            {
                issues.Add(new(path + ".api", $"'api' chooses between Bedrock's Converse and InvokeModel; provider '{backend.Provider}' is not Bedrock. Remove it."));
            }

            for (var i = 0; i < backend.Pricing.Count; i++)
            {
                var price = backend.Pricing[i];
                if (price.Input < 0 || price.Output < 0 || price.CacheRead < 0 || price.CacheWrite < 0 || price.Reasoning < 0)
                {
                    issues.Add(new($"{path}.pricing[{i}]", "prices must not be negative (USD per million tokens)."));
                }

                if (i > 0 && price.EffectiveFrom <= backend.Pricing[i - 1].EffectiveFrom)
                {
                    issues.Add(new($"{path}.pricing[{i}].effective_from", "prices must be listed oldest first, each with a later effective_from."));
                }
            }

            if (string.IsNullOrWhiteSpace(backend.Model))
            {
                issues.Add(new(path, "a backend needs 'model': the provider's model id (Bedrock model or inference profile id, Azure deployment name, …)."));
            }
        }

        var publicNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, model) in config.Models)
        {
            var path = $"models.{name}";
            if (model.Backends.Count == 0)
            {
                issues.Add(new(path, "a model needs at least one entry under 'backends:' (the first is tried first)."));
            }

            for (var i = 0; i < model.Backends.Count; i++)
            {
                if (!config.Backends.ContainsKey(model.Backends[i]))
                {
                    issues.Add(new($"{path}.backends[{i}]", $"backend '{model.Backends[i]}' is not defined. Define it under 'backends:' or use one of: {List(config.Backends.Keys)}."));
                }
            }

            foreach (var publicName in model.Aliases.Prepend(name))
            {
                if (!publicNames.TryAdd(publicName, name))
                {
                    issues.Add(new(path, $"the name '{publicName}' is already used by model '{publicNames[publicName]}'. Model names and aliases must be unique."));
                }
            }

            if (model.DefaultMaxTokens is <= 0)
            {
                issues.Add(new(path + ".default_max_tokens", "must be a positive number of tokens."));
            }

            if (model.FastPath && model.Backends.Count != 1)
            {
                // Failover needs the upstream filter: Envoy re-runs only upstream filters on a retry (adr/016).
                issues.Add(new(path + ".fast_path", $"needs exactly one backend; this model has {model.Backends.Count}. Remove fast_path for failover models."));
            }
        }

        ValidateIdentity(config, publicNames, issues);
        GuardrailsConfigValidator.Validate(config.Guardrails, config.Teams, publicNames, issues);
        return issues;
    }

    private static void ValidateIdentity(GatewayConfig config, Dictionary<string, string> publicNames, List<ConfigIssue> issues)
    {
        if (config.Identity.AnonymousTeam is { } anonymous && !config.Teams.ContainsKey(anonymous))
        {
            issues.Add(new("identity.anonymous_team", $"team '{anonymous}' is not defined under 'teams:'."));
        }

        if (config.Identity.KeysReloadInterval > TimeSpan.FromSeconds(4))
        {
            issues.Add(new("identity.keys_reload_interval", "must be at most 4s so that a revoked key stops working within 5 seconds."));
        }

        if (config.Identity.Alb is { } alb)
        {
            if (!alb.SignerArn.StartsWith("arn:", StringComparison.Ordinal))
            {
                issues.Add(new("identity.alb.signer_arn", "must be the load balancer's ARN (arn:aws:elasticloadbalancing:…); tokens signed by any other signer are refused."));
            }

            if (alb.PublicKeysUrl is null && string.IsNullOrWhiteSpace(alb.Region))
            {
                issues.Add(new("identity.alb.region", "set the ALB's region (e.g. us-east-1) so its public keys can be fetched, or public_keys_url."));
            }
        }

        var claimValues = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.Budgets.Ledger == LedgerKind.Redis && string.IsNullOrWhiteSpace(config.Budgets.Redis))
        {
            issues.Add(new("budgets.redis", "the redis ledger needs a connection string, e.g. redis.internal:6379."));
        }

        if (config.Budgets.TokenCacheEntries is < 1 or > 16_777_216)
        {
            issues.Add(new("budgets.token_cache_entries", "must be between 1 and 16777216 (each entry is about 48 bytes)."));
        }

        foreach (var (name, team) in config.Teams)
        {
            for (var i = 0; i < team.Budgets.Count; i++)
            {
                if (team.Budgets[i].Usd <= 0)
                {
                    issues.Add(new($"teams.{name}.budgets[{i}].usd", "must be a positive amount of USD."));
                }
            }

            if (team.RateLimits is { RequestsPerMinute: <= 0 } or { TokensPerMinute: <= 0 })
            {
                issues.Add(new($"teams.{name}.rate_limits", "requests_per_minute and tokens_per_minute must be positive (leave one out for no limit)."));
            }

            for (var i = 0; i < team.AllowedModels.Count; i++)
            {
                if (!publicNames.ContainsKey(team.AllowedModels[i]))
                {
                    issues.Add(new($"teams.{name}.allowed_models[{i}]", $"model '{team.AllowedModels[i]}' is not defined under 'models:'."));
                }
            }

            foreach (var value in team.JwtClaimValues.Prepend(name))
            {
                if (!claimValues.TryAdd(value, name) && claimValues[value] != name)
                {
                    issues.Add(new($"teams.{name}.jwt_claim_values", $"the claim value '{value}' already maps to team '{claimValues[value]}'."));
                }
            }
        }
    }

    private static void ValidateTelemetry(TelemetryConfig telemetry, List<ConfigIssue> issues)
    {
        if (telemetry.StageDurationSampling < 0)
        {
            issues.Add(new("telemetry.stage_duration_sampling", "must be 0 (never), 1 (every exchange) or more (one exchange in N)."));
        }
    }

    private static void ValidateServer(ServerConfig server, List<ConfigIssue> issues)
    {
        if (server.GrpcPort is < 0 or > 65535)
        {
            issues.Add(new("server.grpc_port", "must be a TCP port (0-65535)."));
        }

        if (server.AdminPort is < 0 or > 65535)
        {
            issues.Add(new("server.admin_port", "must be a TCP port (0-65535)."));
        }

        if (server.GrpcPort == server.AdminPort && server.GrpcPort != 0)
        {
            issues.Add(new("server.admin_port", "must differ from server.grpc_port: gRPC needs HTTP/2, the admin port serves HTTP/1.1."));
        }

        if (server.MaxMessageBytes < 1024 * 1024)
        {
            issues.Add(new("server.max_message_bytes", "must be at least 1048576 (1 MiB): a buffered request body arrives as one message."));
        }

        if (server.MaxPromptBytes < 1 || server.MaxPromptBytes >= server.MaxMessageBytes)
        {
            issues.Add(new("server.max_prompt_bytes", "must be positive and below server.max_message_bytes: a buffered prompt arrives as one ext_proc message with some framing around it."));
        }

        if (server.ReloadInterval < TimeSpan.FromMilliseconds(100))
        {
            issues.Add(new("server.reload_interval", "must be at least 100ms."));
        }
    }

    private static void ValidateProvider(string name, ProviderConfig provider, List<ConfigIssue> issues)
    {
        var path = $"providers.{name}";
        if (provider.Kind == ProviderKind.Bedrock)
        {
            if (string.IsNullOrWhiteSpace(provider.Region))
            {
                issues.Add(new(path, "a bedrock provider needs 'region' (e.g. us-east-1)."));
            }
        }
        else
        {
            if (provider.ApiKey is null)
            {
                issues.Add(new(path, $"a {KebabCaseEnumYamlConverter.ToKebabCase(provider.Kind.ToString())} provider needs 'api_key' (a reference: env, file or aws_secret)."));
            }

            if (provider.Endpoint is null && provider.Kind == ProviderKind.AzureOpenAi)
            {
                issues.Add(new(path, "an azure-openai provider needs 'endpoint' (https://<resource>.openai.azure.com)."));
            }
        }

        if (provider.ApiKey is { } key)
        {
            var sources = (key.Env is null ? 0 : 1) + (key.File is null ? 0 : 1) + (key.AwsSecret is null ? 0 : 1);
            if (sources != 1)
            {
                issues.Add(new(path + ".api_key", "set exactly one of 'env', 'file' or 'aws_secret'. Secret values never go in this file."));
            }
        }

        if (provider.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("https" or "http")))
        {
            issues.Add(new(path + ".endpoint", "must be an absolute http(s) URL."));
        }
    }

    private static string List(IEnumerable<string> names)
    {
        var list = string.Join(", ", names.Order(StringComparer.Ordinal));
        return list.Length == 0 ? "(none defined)" : list;
    }
}
