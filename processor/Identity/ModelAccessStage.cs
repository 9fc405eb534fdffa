using AiGateway.Processor.ExtProc;
using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Identity;

/// <summary>A known caller asking for a model their team (or key) may not use gets 403, before anything is reserved or sent.</summary>
internal sealed class ModelAccessStage : IExchangeStage
{
    public ExchangePhases Phases => ExchangePhases.RequestBody;

    public FilterLevel Levels => FilterLevel.Router;

    public ValueTask<StageResult> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var exchange = context.Exchange;
        if (exchange.Caller is not { AllowedModels.Count: > 0 } caller || exchange.Model is not { } model || caller.AllowedModels.Contains(model))
        {
            return StageResult.Continue;
        }

        return StageResult.Reject(new GatewayError(GatewayErrorKind.PermissionDenied, 403, $"Team '{caller.Team}' may not use the model '{model}'. Ask the gateway operator for access.")
        {
            Param = "model",
            Details = "aigw_model_not_allowed",
        });
    }
}
