namespace AiGateway.Processor.ExtProc;

/// <summary>
/// One feature's part in processing an ext_proc stream (identity, routing, budgets, guardrails, translation,
/// telemetry). Stages run in registration order for the phases and filter levels they declare; all inputs and
/// outputs go through <see cref="PhaseContext"/>, so adding a feature adds a stage and changes no signature.
/// </summary>
internal interface IExchangeStage
{
    /// <summary>The phases this stage runs in; others skip it without a call.</summary>
    ExchangePhases Phases { get; }

    /// <summary>The filter levels this stage runs at.</summary>
    FilterLevel Levels { get; }

    /// <summary>
    /// Acts on the current message: read it and record mutations on <paramref name="context"/>, or stop the
    /// exchange with an error or a local reply. Usually completes synchronously.
    /// </summary>
    ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken);
}
