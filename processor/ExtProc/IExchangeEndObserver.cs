namespace AiGateway.Processor.ExtProc;

/// <summary>
/// Told when an ext_proc stream ends, however it ends (normal close, Envoy's reset, client disconnect), so that
/// nothing is lost: usage is settled and recorded, reservations released, per-request state dropped.
/// </summary>
internal interface IExchangeEndObserver
{
    void OnExchangeEnd(Exchange exchange);
}
