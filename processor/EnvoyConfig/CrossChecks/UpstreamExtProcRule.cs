using Envoy.Extensions.Filters.Http.ExtProc.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// The upstream ext_proc filter: request headers only, the picked endpoint's metadata as a request attribute, and
/// <c>mutation_rules.allow_all_routing</c> so the processor's <c>:authority</c> for the provider is not silently
/// dropped (ext-proc-protocol.md §0.6, §2.6).
/// </summary>
internal sealed class UpstreamExtProcRule : IEnvoyCrossCheckRule
{
    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        foreach (var site in envoy.ExtProcs.Where(e => e.IsUpstream))
        {
            var filter = site.Filter;
            if (filter.MutationRules?.AllowAllRouting != true)
            {
                problems.Add(new($"{site.Path}.mutation_rules.allow_all_routing", $"{site.Describe()} needs mutation_rules.allow_all_routing: true, or Envoy drops the :authority the processor sets for the provider"));
            }

            if (!filter.RequestAttributes.Any(a => a.StartsWith("xds.upstream_host_metadata", StringComparison.Ordinal)))
            {
                problems.Add(new($"{site.Path}.request_attributes", $"{site.Describe()} must send xds.upstream_host_metadata (request_attributes): that is how the processor learns the picked backend"));
            }

            var mode = filter.ProcessingMode ?? new ProcessingMode();
            if (mode.RequestHeaderMode == ProcessingMode.Types.HeaderSendMode.Skip
                || mode.RequestBodyMode != ProcessingMode.Types.BodySendMode.None
                || mode.ResponseHeaderMode != ProcessingMode.Types.HeaderSendMode.Skip
                || mode.ResponseBodyMode != ProcessingMode.Types.BodySendMode.None)
            {
                problems.Add(new($"{site.Path}.processing_mode", $"{site.Describe()} processes request headers only: request_header_mode SEND, response_header_mode SKIP, both body modes NONE"));
            }

            if (mode.RequestTrailerMode == ProcessingMode.Types.HeaderSendMode.Send || mode.ResponseTrailerMode == ProcessingMode.Types.HeaderSendMode.Send)
            {
                problems.Add(new($"{site.Path}.processing_mode", $"{site.Describe()} must not send trailers: after the request headers the processor reads nothing more (adr/020)"));
            }
        }
    }
}
