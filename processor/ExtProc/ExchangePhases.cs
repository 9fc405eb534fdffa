namespace AiGateway.Processor.ExtProc;

/// <summary>The ext_proc messages a stage can act on. Trailers are answered by the core and reach no stage.</summary>
[Flags]
internal enum ExchangePhases
{
    None = 0,
    RequestHeaders = 1,
    RequestBody = 2,
    ResponseHeaders = 4,
    ResponseBody = 8,
}
