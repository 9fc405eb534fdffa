namespace AiGateway.Processor.EnvoyConfig.CrossChecks;

/// <summary>One agreement envoy.yaml must keep with the processor's config (or with how the processor works).</summary>
internal interface IEnvoyCrossCheckRule
{
    /// <summary>Adds a problem per disagreement; the path names the Envoy field to change.</summary>
    void Check(EnvoyConfigView envoy, EnvoyCheckExpectations processor, List<EnvoyConfigProblem> problems);
}
