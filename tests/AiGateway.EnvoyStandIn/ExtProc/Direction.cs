namespace AiGateway.EnvoyStandIn.ExtProc;

internal enum Direction
{
    Request,
    Response,
}
