using System.Net;
using System.Net.Sockets;

namespace AiGateway.Processor.Tests.Infrastructure;

/// <summary>A loopback TCP port nobody listens on right now (for servers that take a port number, not 0).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
