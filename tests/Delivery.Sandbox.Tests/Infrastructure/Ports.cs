using System.Net;
using System.Net.Sockets;

namespace Delivery.Sandbox.Tests.Infrastructure;

public static class Ports
{
    /// <summary>A port the kernel says is free on loopback right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
