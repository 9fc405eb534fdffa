using Envoy.Extensions.Filters.Http.ExtProc.V3;

namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// The router-level ext_proc filter works as the processor expects (DESIGN.md §2): headers SEND and bodies BUFFERED
/// both ways, no trailers, <c>allow_mode_override</c> (streaming 200s switch to STREAMED), <c>failure_mode_allow: false</c>
/// (budgets and guardrails fail closed), and the <c>aigw</c> metadata namespace received for the access log.
/// </summary>
internal sealed class RouterExtProcRule : IEnvoyCrossCheckRule
{
    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        foreach (var site in envoy.ExtProcs.Where(e => !e.IsUpstream))
        {
            var filter = site.Filter;
            var mode = filter.ProcessingMode ?? new ProcessingMode();
            if (mode.RequestHeaderMode == ProcessingMode.Types.HeaderSendMode.Skip
                || mode.ResponseHeaderMode == ProcessingMode.Types.HeaderSendMode.Skip
                || mode.RequestBodyMode != ProcessingMode.Types.BodySendMode.Buffered
                || mode.ResponseBodyMode != ProcessingMode.Types.BodySendMode.Buffered)
            {
                problems.Add(new($"{site.Path}.processing_mode", "the router-level ext_proc filter needs request and response headers SEND and both body modes BUFFERED"));
            }

            if (mode.RequestTrailerMode == ProcessingMode.Types.HeaderSendMode.Send || mode.ResponseTrailerMode == ProcessingMode.Types.HeaderSendMode.Send)
            {
                problems.Add(new($"{site.Path}.processing_mode", "both trailer modes must be SKIP: after the response's last message the processor reads nothing more (adr/020)"));
            }

            if (!filter.AllowModeOverride)
            {
                problems.Add(new($"{site.Path}.allow_mode_override", "must be true: the processor switches streaming responses to STREAMED"));
            }

            if (filter.FailureModeAllow)
            {
                problems.Add(new($"{site.Path}.failure_mode_allow", "must be false: with it, a processor failure lets requests through without identity, budget or translation"));
            }

            if (filter.MetadataOptions?.ReceivingNamespaces?.Untyped.Contains("aigw") != true)
            {
                problems.Add(new($"{site.Path}.metadata_options.receiving_namespaces", "must include untyped: [aigw]: the processor's usage, cost and content_length metadata"));
            }
        }
    }
}
