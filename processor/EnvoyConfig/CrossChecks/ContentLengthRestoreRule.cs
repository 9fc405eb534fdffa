using Envoy.Extensions.Filters.Http.HeaderMutation.V3;
using Envoy.Extensions.Filters.Http.UpstreamCodec.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// <c>CONTINUE_AND_REPLACE</c> with a body strips <c>content-length</c>; a <c>header_mutation</c> filter after the
/// upstream ext_proc restores it from the processor's <c>aigw:content_length</c> metadata, and
/// <c>upstream_codec</c> comes last (ext-proc-protocol.md §0.3, §2.6).
/// </summary>
internal sealed class ContentLengthRestoreRule : IEnvoyCrossCheckRule
{
    public const string ContentLengthValue = "%DYNAMIC_METADATA(aigw:content_length)%";

    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        foreach (var cluster in envoy.Clusters.Where(c => envoy.ExtProcs.Any(e => e.Cluster == c.Cluster.Name)))
        {
            var filters = cluster.UpstreamFilters;
            var extProc = filters.ToList().FindIndex(f => EnvoyConfigView.Unpack<Envoy.Extensions.Filters.Http.ExtProc.V3.ExternalProcessor>(f) is not null);
            var restore = filters.ToList().FindIndex(f => RestoresContentLength(EnvoyConfigView.Unpack<HeaderMutation>(f)));
            if (restore < 0)
            {
                problems.Add(new(cluster.UpstreamFiltersPath, $"cluster {cluster.Cluster.Name}: no header_mutation filter restoring content-length from {ContentLengthValue} after the upstream ext_proc"));
            }
            else if (restore < extProc)
            {
                problems.Add(new($"{cluster.UpstreamFiltersPath}[{restore}]", $"cluster {cluster.Cluster.Name}: the content-length header_mutation must come after the upstream ext_proc"));
            }

            if (filters.Count == 0 || EnvoyConfigView.Unpack<UpstreamCodec>(filters[^1]) is null)
            {
                problems.Add(new(cluster.UpstreamFiltersPath, $"cluster {cluster.Cluster.Name}: the last upstream HTTP filter must be envoy.filters.http.upstream_codec"));
            }
        }
    }

    private static bool RestoresContentLength(HeaderMutation? filter) =>
        filter?.Mutations?.RequestMutations.Any(m => m.Append?.Header is { Key: "content-length" } header && header.Value.Contains(ContentLengthValue, StringComparison.Ordinal)) == true;
}
