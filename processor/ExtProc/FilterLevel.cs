namespace AiGateway.Processor.ExtProc;

/// <summary>
/// Which ext_proc filter a stream comes from (DESIGN.md §2): the router-level HTTP filter (one stream per client
/// request) or the upstream filter in a provider cluster (one stream per attempt).
/// </summary>
[Flags]
internal enum FilterLevel
{
    Router = 1,
    Upstream = 2,
}
