namespace AiGateway.EnvoyStandIn.ExtProc;

internal enum MutationVerdict
{
    Allowed,

    /// <summary>Refused silently (rejected_header_mutations counter).</summary>
    Ignored,

    /// <summary>Refused with disallow_is_error: local reply 500.</summary>
    Error,
}
