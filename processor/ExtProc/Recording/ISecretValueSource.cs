namespace AiGateway.Processor.ExtProc.Recording;

/// <summary>The secret values currently known to the processor (resolved provider keys…), so recordings can redact them anywhere.</summary>
internal interface ISecretValueSource
{
    IEnumerable<string> SecretValues();
}
