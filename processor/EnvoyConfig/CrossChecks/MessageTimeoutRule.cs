namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>
/// The router-level ext_proc <c>message_timeout</c> (default 200 ms) must exceed the guardrail timeout: a request
/// body answer waits for the guardrail call, and an expired timer is a 504 (ext-proc-protocol.md §0.5).
/// </summary>
internal sealed class MessageTimeoutRule : IEnvoyCrossCheckRule
{
    private static readonly TimeSpan EnvoyDefault = TimeSpan.FromMilliseconds(200);

    public void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems)
    {
        foreach (var site in envoy.ExtProcs.Where(e => !e.IsUpstream))
        {
            var timeout = site.Filter.MessageTimeout?.ToTimeSpan() ?? EnvoyDefault;
            if (timeout <= processor.GuardrailTimeout)
            {
                problems.Add(new($"{site.Path}.message_timeout", $"{Seconds(timeout)} does not exceed the guardrail timeout ({Seconds(processor.GuardrailTimeout)}): a guardrail call would end in a 504"));
            }
        }
    }

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}s";
}
