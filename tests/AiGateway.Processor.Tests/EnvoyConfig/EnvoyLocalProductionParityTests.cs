using AiGateway.Processor.EnvoyConfig;
using AiGateway.Processor.EnvoyConfig.CrossChecks;
using AiGateway.Processor.Tests.Infrastructure;
using Envoy.Config.Bootstrap.V3;
using Envoy.Config.Cluster.V3;
using Envoy.Extensions.Upstreams.Http.V3;
using Google.Protobuf.WellKnownTypes;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace AiGateway.Processor.Tests.EnvoyConfig;

/// <summary>
/// The Envoy stand-in runs envoy/envoy.local.yaml, production runs envoy/envoy.yaml: what the local tests prove
/// holds in production only if their routes, clusters and router-level ext_proc agree. They may differ only in
/// the documented ways listed here (docs/operators.md, "Local and production Envoy configs").
/// </summary>
public sealed class EnvoyLocalProductionParityTests
{
    /// <summary>Production-only routes: the ALB's health check, answered by Envoy itself.</summary>
    private static readonly HashSet<string> ProductionOnlyRoutes = ["healthz"];

    /// <summary>Production-only clusters: Cognito's JWKS for jwt_authn (local runs take gateway keys or no identity).</summary>
    private static readonly HashSet<string> ProductionOnlyClusters = ["cognito_jwks"];

    private static readonly Bootstrap Local = Load("envoy.local.yaml");
    private static readonly Bootstrap Production = Load("envoy.yaml");

    [Fact]
    public void Routes_AreTheSame_ExceptProductionOnlyRoutes()
    {
        var local = Routes(Local);
        var production = Routes(Production);

        Assert.Equal(local.Keys.Order(), production.Keys.Where(k => !ProductionOnlyRoutes.Contains(k)).Order());
        foreach (var (name, route) in local)
        {
            Assert.True(route.Equals(production[name]), $"route {name} differs:\n local: {route}\n production: {production[name]}");
        }
    }

    [Fact]
    public void Clusters_AreTheSame_ExceptTlsProviderAddressesAndUpstreamProtocol()
    {
        var local = Local.StaticResources.Clusters.ToDictionary(c => c.Name, Normalize);
        var production = Production.StaticResources.Clusters.ToDictionary(c => c.Name, Normalize);

        Assert.Equal(local.Keys.Order(), production.Keys.Where(k => !ProductionOnlyClusters.Contains(k)).Order());
        foreach (var (name, cluster) in local)
        {
            Assert.True(cluster.Equals(production[name]), $"cluster {name} differs beyond the documented differences:\n local: {cluster}\n production: {production[name]}");
        }
    }

    [Fact]
    public void RouterLevelExtProc_IsTheSame()
    {
        var local = EnvoyConfigView.From(Local).ExtProcs.Single(e => !e.IsUpstream).Filter;
        var production = EnvoyConfigView.From(Production).ExtProcs.Single(e => !e.IsUpstream).Filter;

        Assert.Equal(local, production);
    }

    [Fact]
    public void Normalize_KeepsWhatMustAgree()
    {
        // The comparison must still see a changed retry count or endpoint metadata, or it proves nothing.
        var cluster = Production.StaticResources.Clusters.First(c => c.Name == "route_claude-sonnet");
        var changed = cluster.Clone();
        changed.LoadAssignment.Endpoints[0].Priority = 7;

        Assert.NotEqual(Normalize(cluster), Normalize(changed));
    }

    /// <summary>
    /// Clears the documented differences of a provider cluster: TLS (transport_socket), endpoint addresses and
    /// ports (the stand-in points them at fake providers), and the upstream HTTP protocol (production negotiates
    /// h2 by ALPN, the local fake providers speak HTTP/1.1) with the SNI options that come with it.
    /// </summary>
    private static Cluster Normalize(Cluster original)
    {
        var cluster = original.Clone();
        var isProvider = new EnvoyClusterSite(cluster, "", [], "").Backends().Any();
        if (!isProvider)
        {
            return cluster;
        }

        cluster.TransportSocket = null;
        foreach (var endpoint in cluster.LoadAssignment.Endpoints.SelectMany(e => e.LbEndpoints))
        {
            endpoint.Endpoint.Address = null;
        }

        if (cluster.TypedExtensionProtocolOptions.TryGetValue(EnvoyConfigView.ProtocolOptionsKey, out var any))
        {
            var options = any.Unpack<HttpProtocolOptions>();
            options.ClearUpstreamProtocolOptions();
            options.UpstreamHttpProtocolOptions = null;
            cluster.TypedExtensionProtocolOptions[EnvoyConfigView.ProtocolOptionsKey] = Any.Pack(options);
        }

        return cluster;
    }

    private static Dictionary<string, EnvoyRoute> Routes(Bootstrap bootstrap) =>
        EnvoyConfigView.From(bootstrap).Routes.ToDictionary(r => r.Route.Name, r => r.Route);

    private static Bootstrap Load(string file)
    {
        var result = EnvoyBootstrapSchemaCheck.Check(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "envoy", file)));
        return result.Bootstrap ?? throw new InvalidOperationException(string.Join('\n', result.Problems.Select(p => p.Format(file))));
    }
}
