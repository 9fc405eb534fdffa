using System.CommandLine;
using System.Globalization;
using AiGateway.Processor.Configuration;
using AiGateway.Processor.Identity;

namespace AiGateway.Processor.Cli;

/// <summary>
/// <c>aigw keys create|list|revoke</c>: manages gateway API keys in the config's <c>identity.keys_file</c>. The key is
/// printed once at creation; only its salted hash is stored. Running processors pick changes up within seconds.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Create, list and revoke gateway API keys (aigw_…).");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(RevokeCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var config = AigwCommandLine.ConfigOption();
        var team = new Option<string>("--team") { Description = "The team the key belongs to.", Required = true };
        var name = new Option<string?>("--name") { Description = "A label for the key (who or what uses it)." };
        var days = new Option<int?>("--expires-in-days") { Description = "Days until the key expires (default: never)." };
        var models = new Option<string[]>("--model") { Description = "A model the key may use (repeat; default: the team's list).", AllowMultipleArgumentsPerToken = true };
        var budget = new Option<decimal?>("--budget-usd") { Description = "The key's own spending limit in USD (on top of its team's)." };
        var period = new Option<string>("--budget-period") { Description = "day or month (UTC).", DefaultValueFactory = _ => "month" };
        var rpm = new Option<int?>("--requests-per-minute") { Description = "The key's own requests-per-minute limit (on top of its team's)." };
        var tpm = new Option<long?>("--tokens-per-minute") { Description = "The key's own tokens-per-minute limit (on top of its team's)." };
        var command = new Command("create", "Create a key and print it once.") { config, team, name, days, models, budget, period, rpm, tpm };
        command.SetAction(result => Run(result.GetValue(config), (path, snapshot) =>
        {
            var teamName = result.GetValue(team)!;
            if (!snapshot.Config.Teams.ContainsKey(teamName))
            {
                return Fail($"team '{teamName}' is not defined under 'teams:' in the config.");
            }

            var now = DateTimeOffset.UtcNow;
            var expires = result.GetValue(days) is { } d ? now.AddDays(d) : (DateTimeOffset?)null;
            var budgetPeriod = result.GetValue(period)!;
            if (budgetPeriod is not ("day" or "month") || result.GetValue(budget) is <= 0)
            {
                return Fail("--budget-usd must be positive and --budget-period day or month.");
            }

            if (result.GetValue(rpm) is <= 0 || result.GetValue(tpm) is <= 0)
            {
                return Fail("--requests-per-minute and --tokens-per-minute must be positive.");
            }

            var (key, record) = GatewayKeyFormat.Create(teamName, result.GetValue(name), now, expires, [.. result.GetValue(models) ?? []]);
            if (result.GetValue(budget) is { } usd)
            {
                record = record with { Budgets = [new KeyBudget { Period = budgetPeriod, Usd = usd }] };
            }

            if (result.GetValue(rpm) is not null || result.GetValue(tpm) is not null)
            {
                record = record with { RateLimits = new KeyRateLimits { RequestsPerMinute = result.GetValue(rpm), TokensPerMinute = result.GetValue(tpm) } };
            }

            var content = GatewayKeyFile.Read(path);
            GatewayKeyFile.Write(path, content with { Keys = [.. content.Keys, record] });
            Console.Error.WriteLine($"Created key {record.Id} for team {teamName}. It is shown once; store it now:");
            Console.WriteLine(key);
            return 0;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var config = AigwCommandLine.ConfigOption();
        var command = new Command("list", "List keys (ids, teams, state; never the keys).") { config };
        command.SetAction(result => Run(result.GetValue(config), (path, _) =>
        {
            Console.WriteLine($"{"ID",-12} {"TEAM",-16} {"STATE",-8} {"CREATED",-20} {"EXPIRES",-20} NAME");
            var now = DateTimeOffset.UtcNow;
            foreach (var key in GatewayKeyFile.Read(path).Keys)
            {
                var state = key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= now ? "expired" : "active";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.Id,-12} {key.Team,-16} {state,-8} {key.CreatedAt:yyyy-MM-dd HH:mm:ss} {(key.ExpiresAt is { } e ? e.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "never"),-20} {key.Name}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command RevokeCommand()
    {
        var config = AigwCommandLine.ConfigOption();
        var id = new Argument<string>("id") { Description = "The key id (the part after aigw_, as shown by list)." };
        var command = new Command("revoke", "Revoke a key; processors refuse it within seconds.") { config, id };
        command.SetAction(result => Run(result.GetValue(config), (path, _) =>
        {
            var keyId = result.GetValue(id)!;
            var content = GatewayKeyFile.Read(path);
            var index = content.Keys.FindIndex(k => k.Id == keyId);
            if (index < 0)
            {
                return Fail($"no key with id '{keyId}' in {path}.");
            }

            var keys = content.Keys.ToList();
            keys[index] = keys[index] with { RevokedAt = keys[index].RevokedAt ?? DateTimeOffset.UtcNow };
            GatewayKeyFile.Write(path, content with { Keys = keys });
            Console.WriteLine($"Revoked {keyId}.");
            return 0;
        }));
        return command;
    }

    private static int Run(string? configPath, Func<string, GatewaySnapshot, int> action)
    {
        if (string.IsNullOrEmpty(configPath))
        {
            return Fail("no config. Pass --config <file> or set AIGW_CONFIG.");
        }

        try
        {
            var snapshot = GatewayConfigLoader.LoadFile(configPath);
            if (snapshot.Config.Identity.KeysFile is not { } file)
            {
                return Fail("the config has no identity.keys_file: gateway API keys are off.");
            }

            return action(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, file)), snapshot);
        }
        catch (ConfigException e)
        {
            return Fail("invalid configuration\n" + e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("aigw keys: " + message);
        return 2;
    }
}
