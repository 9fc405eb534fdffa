namespace AiGateway.Processor.Guardrails;

/// <summary>What a client stream event carries, for the response window.</summary>
internal enum StreamTextKind
{
    /// <summary>No checked text (start, stop, usage, ping, errors): released in order after the held text.</summary>
    Other,

    /// <summary>A text delta of the answer.</summary>
    Text,

    /// <summary>A tool-call argument delta (checked only when a policy asks for tool arguments; never masked).</summary>
    ToolArguments,
}
